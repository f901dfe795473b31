import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../core/platform/dingtalk/harness.js';
import { startDaemon, type AttackedDaemon } from './daemon.js';
import { ZHANG, eventually, simulatorWithFakeAgent } from './simulated-chat.js';

const daemons: AttackedDaemon[] = [];
const closers: Array<() => void> = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
});

/** The permission bits, as `ls -l` would show them. */
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

/** A data folder as an older version, or `mkdir` under the usual umask, left it: every local user may list and read it. */
async function openDataFolder(): Promise<string> {
  const dataDir = await tempDir();
  await mkdir(join(dataDir, 'channels', 'team', 'inbox'), { recursive: true });
  for (const dir of [dataDir, join(dataDir, 'channels', 'team', 'inbox')]) await chmod(dir, 0o755);
  return dataDir;
}

describe('what stays private on this machine', () => {
  it('makes a data folder that already existed private at every start, so other local users cannot read the chats in it', async () => {
    const dataDir = await openDataFolder();
    daemons.push(await startDaemon({ dataDir, config: { channels: { team: simulatorWithFakeAgent(await tempDir()) } } }));
    expect(await modeOf(dataDir)).toBe(0o700);
  });

  it('keeps the files people send, their folder and the handled-message file readable by the owner only, whatever the umask made of them', async () => {
    const dataDir = await openDataFolder();
    const daemon = await startDaemon({ dataDir, config: { channels: { team: simulatorWithFakeAgent(await tempDir()) } } });
    daemons.push(daemon);
    const { api, close } = daemon.api();
    closers.push(close);
    const secret = Buffer.from('salaries for next year').toString('base64');
    await api['simulator.send']({ channel: 'team', sender: ZHANG, conversation: 'dm', text: 'echo read this', attachment: { fileName: 'pay.txt', mimeType: 'text/plain', dataBase64: secret } });

    const inbox = join(dataDir, 'channels', 'team', 'inbox');
    const [saved] = await eventually(async () => {
      const names = await readdir(inbox).catch(() => []);
      return names.length ? names : undefined;
    }, 'the file to be saved in the inbox');
    expect(await modeOf(inbox)).toBe(0o700);
    expect(await modeOf(join(inbox, saved as string))).toBe(0o600);
    const handled = join(dataDir, 'channels', 'team', 'handled-messages.jsonl');
    await eventually(() => stat(handled).then(() => true, () => false), 'the handled-message file');
    expect(await modeOf(handled)).toBe(0o600);
  });
});
