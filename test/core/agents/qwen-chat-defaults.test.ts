import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { QWEN_FILE_TOOLS, withQwenChatDefaults } from '../../../electron/core/agents/qwen-chat-defaults.js';
import { mcpServerFor } from '../../../electron/core/agents/files-tool.js';
import { filesServer } from '../../../electron/mcp/files-server.js';
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
    expect(await read(env.QWEN_CODE_SYSTEM_DEFAULTS_PATH)).toEqual({ ui: { enableFollowupSuggestions: false }, tools: { visible: QWEN_FILE_TOOLS } });
  });

  it('offers the file tools to the model as they are, and has a session wait for them', async () => {
    const env = await withQwenChatDefaults(async () => machine(), await tempDir())();
    expect(env.QWEN_CODE_LEGACY_MCP_BLOCKING).toBe('1');
    const chosen = { ...(await machine()), QWEN_CODE_LEGACY_MCP_BLOCKING: '0' };
    expect((await withQwenChatDefaults(async () => chosen, await tempDir())()).QWEN_CODE_LEGACY_MCP_BLOCKING).toBe('0');
  });

  it('names the file tools as Qwen Code does: mcp__<server>__<tool>', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await filesServer(async () => ({ ok: true, text: 'Sent.' })).connect(serverSide);
    await client.connect(clientSide);
    const server = mcpServerFor({ command: 'node', args: [] }, 'http://127.0.0.1:1', 'token').name;
    const { tools } = await client.listTools();
    expect(tools.map((tool) => `mcp__${server}__${tool.name}`).sort()).toEqual([...QWEN_FILE_TOOLS].sort());
    await client.close();
  });

  it('carries the machine’s own defaults over, and lets them decide where they say anything', async () => {
    const tools = { visible: ['mcp__github__read_issue'], approvalMode: 'default' };
    const base = await machine(JSON.stringify({ ui: { enableFollowupSuggestions: true, theme: 'dark' }, model: { name: 'qwen3-coder' }, tools }));
    const env = await withQwenChatDefaults(async () => base, await tempDir())();
    expect(await read(env.QWEN_CODE_SYSTEM_DEFAULTS_PATH)).toEqual({
      ui: { enableFollowupSuggestions: true, theme: 'dark' },
      model: { name: 'qwen3-coder' },
      tools: { approvalMode: 'default', visible: ['mcp__github__read_issue', ...QWEN_FILE_TOOLS] },
    });
  });

  it('leaves Qwen Code to a defaults file someone chose, and to a machine file it cannot read', async () => {
    const chosen = { ...(await machine()), QWEN_CODE_SYSTEM_DEFAULTS_PATH: '/opt/team/qwen-defaults.json' };
    expect(await withQwenChatDefaults(async () => chosen, await tempDir())()).toEqual({ ...chosen, QWEN_CODE_LEGACY_MCP_BLOCKING: '1' });
    const commented = await machine('{ // the team’s defaults\n "ui": {} }');
    expect(await withQwenChatDefaults(async () => commented, await tempDir())()).toEqual({ ...commented, QWEN_CODE_LEGACY_MCP_BLOCKING: '1' });
  });

  it('starts the agent without the defaults file when it cannot be written', async () => {
    const blocked = join(await tempDir(), 'a-file');
    await writeFile(blocked, '');
    const base = await machine();
    expect(await withQwenChatDefaults(async () => base, join(blocked, 'channel'))()).toEqual({ ...base, QWEN_CODE_LEGACY_MCP_BLOCKING: '1' });
  });
});
