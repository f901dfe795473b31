import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withQwenChatDefaults } from '../../../electron/core/agents/qwen-chat-defaults.js';
import { tempDir } from '../platform/dingtalk/harness.js';

/** An environment whose machine-wide Qwen Code settings live in a folder of the test's own. */
async function machine(defaults?: string) {
  const etc = await tempDir();
  if (defaults !== undefined) await writeFile(join(etc, 'system-defaults.json'), defaults);
  return { PATH: '/usr/bin', QWEN_CODE_SYSTEM_SETTINGS_PATH: join(etc, 'settings.json') };
}

const read = async (path: string | undefined) => JSON.parse(await readFile(path ?? '', 'utf8')) as unknown;

describe('the chat defaults a channel’s Qwen Code starts with', () => {
  it('turns follow-up suggestions off at the lowest settings layer, in a file beside the channel’s sessions', async () => {
    const folder = join(await tempDir(), 'channel');
    const env = await withQwenChatDefaults(async () => machine(), folder)();
    expect(env.QWEN_CODE_SYSTEM_DEFAULTS_PATH).toBe(join(folder, 'qwen-system-defaults.json'));
    expect(env.PATH).toBe('/usr/bin');
    expect(await read(env.QWEN_CODE_SYSTEM_DEFAULTS_PATH)).toEqual({ ui: { enableFollowupSuggestions: false } });
  });

  it('carries the machine’s own defaults over, and lets them decide where they say anything', async () => {
    const base = await machine(JSON.stringify({ ui: { enableFollowupSuggestions: true, theme: 'dark' }, model: { name: 'qwen3-coder' } }));
    const env = await withQwenChatDefaults(async () => base, await tempDir())();
    expect(await read(env.QWEN_CODE_SYSTEM_DEFAULTS_PATH)).toEqual({ ui: { enableFollowupSuggestions: true, theme: 'dark' }, model: { name: 'qwen3-coder' } });
  });

  it('leaves Qwen Code to a defaults file someone chose, and to a machine file it cannot read', async () => {
    const chosen = { ...(await machine()), QWEN_CODE_SYSTEM_DEFAULTS_PATH: '/opt/team/qwen-defaults.json' };
    expect(await withQwenChatDefaults(async () => chosen, await tempDir())()).toEqual(chosen);
    const commented = await machine('{ // the team’s defaults\n "ui": {} }');
    expect(await withQwenChatDefaults(async () => commented, await tempDir())()).toEqual(commented);
  });

  it('starts the agent as it would without Dingbridge when the file cannot be written', async () => {
    const blocked = join(await tempDir(), 'a-file');
    await writeFile(blocked, '');
    const base = await machine();
    expect(await withQwenChatDefaults(async () => base, join(blocked, 'channel'))()).toEqual(base);
  });
});
