import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileLink, type FileToolAnswer, type FileToolRequest } from '../../electron/core/agents/file-link.js';
import { mcpServerFor, type FilesToolLaunch } from '../../electron/core/agents/files-tool.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The tool from its source, as the built one would run from dist/mcp/send-files.js. */
const launch: FilesToolLaunch = { command: process.execPath, args: ['--import', 'tsx', 'electron/mcp/send-files.ts'] };

type Text = { type: 'text'; text: string };

/** Starts the tool the way an agent would from the `mcpServers` entry Dingbridge gives it. */
async function connect(link: string, token: string): Promise<Client> {
  const server = mcpServerFor(launch, link, token);
  const env = { ...getDefaultEnvironment(), ...Object.fromEntries(server.env.map(({ name, value }) => [name, value])) };
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: server.command, args: server.args, env, cwd: root, stderr: 'pipe' }));
  return client;
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as Text[]).map((part) => part.text).join('');

describe('the send-files MCP server', () => {
  const requests: Array<[string, FileToolRequest]> = [];
  let next: FileToolAnswer = { ok: true, text: 'Sent.' };
  const link = new FileLink(async (ref, request) => {
    requests.push([ref, request]);
    return next;
  });
  const issued = link.issue('session-1');
  let client: Client;

  beforeAll(async () => {
    await link.start();
    client = await connect(link.url, issued.token);
  });

  afterEach(() => {
    requests.length = 0;
    next = { ok: true, text: 'Sent.' };
  });

  afterAll(async () => {
    await client.close();
    await link.close();
  });

  it('is the dingbridge server with send_file and send_image, each saying the rules', async () => {
    expect(client.getServerVersion()?.name).toBe('dingbridge');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['send_file', 'send_image']);
    for (const tool of tools) {
      expect(tool.description).toMatch(/working folder/);
      expect(tool.description).toMatch(/20 MB/);
      expect(tool.description).toMatch(/conversation the current message came from/);
      expect(tool.inputSchema.required).toEqual(['path']);
      expect(Object.keys(tool.inputSchema.properties ?? {}).sort()).toEqual(['caption', 'path']);
    }
    expect(tools.find((tool) => tool.name === 'send_file')?.description).toMatch(/zipped/);
    expect(tools.find((tool) => tool.name === 'send_image')?.description).toMatch(/jpg, png, gif and bmp/);
  });

  it('sends a file through the link with the session’s token, and gives the agent the link’s words', async () => {
    next = { ok: true, text: 'Sent report.pdf (12 KB) to the conversation.' };
    const result = await client.callTool({ name: 'send_file', arguments: { path: 'out/report.pdf', caption: 'The report' } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('Sent report.pdf (12 KB) to the conversation.');
    expect(requests).toEqual([['session-1', { tool: 'send_file', path: 'out/report.pdf', caption: 'The report' }]]);
  });

  it('sends a picture, with no caption when none is given', async () => {
    const result = await client.callTool({ name: 'send_image', arguments: { path: '/srv/app/chart.png' } });
    expect(result.isError).toBeFalsy();
    expect(requests).toEqual([['session-1', { tool: 'send_image', path: '/srv/app/chart.png' }]]);
  });

  it('reports a file Dingbridge refused as an error, in its words', async () => {
    next = { ok: false, text: 'secrets.txt is outside the working folder; it was not sent.' };
    const result = await client.callTool({ name: 'send_file', arguments: { path: '../secrets.txt' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('secrets.txt is outside the working folder; it was not sent.');
  });

  it('refuses a call without a path before it reaches the link', async () => {
    const result = await client.callTool({ name: 'send_file', arguments: {} });
    expect(result.isError).toBe(true);
    expect(requests).toEqual([]);
  });

  it('reports a token the link no longer takes as an error', async () => {
    const ended = link.issue('ended');
    const stale = await connect(link.url, ended.token);
    try {
      ended.revoke();
      const result = await stale.callTool({ name: 'send_file', arguments: { path: 'a.txt' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/session .* has ended/);
    } finally {
      await stale.close();
    }
  });

  it('reports a link that is gone as an error that says so', async () => {
    const gone = new FileLink(async () => ({ ok: true, text: 'Sent.' }));
    await gone.start();
    const { token } = gone.issue('s');
    const url = gone.url;
    await gone.close();
    const orphan = await connect(url, token);
    try {
      const result = await orphan.callTool({ name: 'send_image', arguments: { path: 'a.png' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/not sent: Dingbridge could not be reached \(ECONNREFUSED\)/);
    } finally {
      await orphan.close();
    }
  });

  it('exits with a message on stderr, and nothing on stdout, when started without its link', async () => {
    const child = spawn(launch.command, launch.args, { cwd: root, env: { ...getDefaultEnvironment(), DINGBRIDGE_FILES_LINK: link.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/DINGBRIDGE_FILES_LINK and DINGBRIDGE_FILES_TOKEN must both be set/);
    expect(stdout).toBe('');
  });
});
