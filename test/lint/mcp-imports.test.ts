import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath: 'electron/mcp/probe.ts' });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the electron/mcp import rule', () => {
  it.each([
    "import x from '../core/agents/file-link.js';",
    "import x from 'electron';",
    "import x from 'ws';",
    "import x from 'zod/v4/core';",
  ])('rejects %s', async (code) => {
    expect(await messagesFor(code)).toEqual([expect.stringContaining('electron/mcp may import only')]);
  });

  it.each([
    "import { McpServer as x } from '@modelcontextprotocol/sdk/server/mcp.js';",
    "import { z as x } from 'zod';",
    "import { join as x } from 'node:path';",
    "import { sendThroughLink as x } from './link-client.js';",
  ])('allows %s', async (code) => {
    expect(await messagesFor(code)).toEqual([]);
  });
});
