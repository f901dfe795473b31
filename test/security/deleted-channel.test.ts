import { access, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../../electron/contract/client.js';
import { tempDir } from '../core/platform/dingtalk/harness.js';
import { startDaemon, type AttackedDaemon } from './daemon.js';
import { WANG, eventually, simulatorWithFakeAgent } from './simulated-chat.js';
import { sendAndDecide } from './access-log.js';

const daemons: AttackedDaemon[] = [];
const closers: Array<() => void> = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
});

async function running(channels: Record<string, unknown>) {
  const daemon = await startDaemon({ config: { channels } });
  daemons.push(daemon);
  const { api, close } = daemon.api();
  closers.push(close);
  return { daemon, api };
}

const exists = (path: string) => access(path).then(() => true, () => false);
const runningChannel = (api: Api, name: string) =>
  eventually(async () => (await api['channels.list']()).find((channel) => channel.name === name && channel.connection.status === 'connected'), `${name} to connect`);

/** Wang Wu asks to pair with `channel`, and the operator approves him. */
async function approveWang(api: Api, channel: string): Promise<void> {
  expect(await sendAndDecide(api, channel, WANG)).toMatchObject({ decision: 'pairing', reasonCode: 'pairing-requested' });
  const { pending } = await api['pairing.list']({ channel });
  await api['pairing.approve']({ channel, code: pending[0]?.code ?? '' });
  expect(await sendAndDecide(api, channel, WANG)).toMatchObject({ decision: 'admitted', reasonCode: 'approved' });
}

describe('a removed channel', () => {
  it('takes the people approved for it along: a new channel of the same name with an allowlist does not let them in', async () => {
    const cwd = await tempDir();
    const { daemon, api } = await running({ team: simulatorWithFakeAgent(cwd, { senderPolicy: 'pairing' }) });
    await approveWang(api, 'team');

    await api['channels.remove']({ name: 'team' });
    expect(await exists(join(daemon.dataDir, 'channels', 'team'))).toBe(false);

    await api['channels.save']({ name: 'team', settings: simulatorWithFakeAgent(cwd, { senderPolicy: 'allowlist' }) });
    await runningChannel(api, 'team');
    expect((await api['pairing.list']({ channel: 'team' })).approved).toEqual([]);
    expect(await sendAndDecide(api, 'team', WANG)).toMatchObject({ decision: 'dropped', reasonCode: 'not-allowed' });
  });

  it('keeps its approvals when only renamed, and leaves none behind under its old name', async () => {
    const cwd = await tempDir();
    const { api } = await running({ team: simulatorWithFakeAgent(cwd, { senderPolicy: 'pairing' }) });
    await approveWang(api, 'team');

    await api['channels.save']({ name: 'crew', previousName: 'team', settings: simulatorWithFakeAgent(cwd, { senderPolicy: 'allowlist' }) });
    await runningChannel(api, 'crew');
    expect(await sendAndDecide(api, 'crew', WANG)).toMatchObject({ decision: 'admitted', reasonCode: 'approved' });

    await api['channels.save']({ name: 'team', settings: simulatorWithFakeAgent(cwd, { senderPolicy: 'allowlist' }) });
    await runningChannel(api, 'team');
    expect(await sendAndDecide(api, 'team', WANG)).toMatchObject({ decision: 'dropped', reasonCode: 'not-allowed' });
  });
});

describe('a channel removed by hand from the settings file', () => {
  it('has its state set aside at the next start, kept whole, so a new channel of the same name lets in no one the old one did', async () => {
    const cwd = await tempDir();
    const first = await running({ team: simulatorWithFakeAgent(cwd, { senderPolicy: 'pairing' }), crew: simulatorWithFakeAgent(cwd, { senderPolicy: 'pairing' }) });
    await approveWang(first.api, 'team');
    await approveWang(first.api, 'crew');
    const { dataDir } = first.daemon;
    await first.daemon.stop();

    // The file edited by hand while Dingbridge was not running: "team" is gone, another channel stays.
    const second = await startDaemon({ dataDir, config: { channels: { crew: simulatorWithFakeAgent(cwd, { senderPolicy: 'pairing' }) } } });
    daemons.push(second);
    const { api, close } = second.api();
    closers.push(close);
    await runningChannel(api, 'crew');
    expect(await exists(join(dataDir, 'channels', 'team'))).toBe(false);
    // A channel still in the settings keeps its own.
    expect(await sendAndDecide(api, 'crew', WANG)).toMatchObject({ decision: 'admitted', reasonCode: 'approved' });
    const [archived] = await readdir(join(dataDir, 'channels', '.removed'));
    expect(archived).toMatch(/^team-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    // Archived, not deleted: the approvals are still there, for whoever wants them back.
    expect(await readFile(join(dataDir, 'channels', '.removed', archived ?? '', 'pairing.json'), 'utf8')).toContain(WANG.staffId);

    // Said in the live log and in Dingbridge's own log, with where it went.
    const [event] = await api['log.query']({ channel: 'team', kinds: ['channel.archived'] });
    expect(event).toMatchObject({ kind: 'channel.archived', channel: 'team', folder: `channels/.removed/${archived}` });
    expect(second.output()).toContain(`Channel "team" is no longer in the settings`);

    await api['channels.save']({ name: 'team', settings: simulatorWithFakeAgent(cwd, { senderPolicy: 'allowlist' }) });
    await runningChannel(api, 'team');
    expect((await api['pairing.list']({ channel: 'team' })).approved).toEqual([]);
    expect(await sendAndDecide(api, 'team', WANG)).toMatchObject({ decision: 'dropped', reasonCode: 'not-allowed' });
  });
});
