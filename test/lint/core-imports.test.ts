import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('the electron/core import rule', () => {
  it.each([
    "import { app } from 'electron';",
    "import Store from 'electron-store';",
    "import log from 'electron-log/main';",
    "const { app } = require('electron');",
    "const electron = await import('electron');",
  ])('rejects %s under electron/core', async (code) => {
    const messages = await messagesFor(`${code}\nexport const used = [${code.includes('Store') ? 'Store' : code.includes('log') ? 'log' : code.includes('electron =') ? 'electron' : 'app'}];\n`, 'electron/core/base/probe.ts');
    expect(messages.some((message) => message.includes('electron/core is plain Node'))).toBe(true);
  });

  it('allows electron in the shell and plain Node modules in core', async () => {
    expect(await messagesFor("import { app } from 'electron';\nexport const a = app;\n", 'electron/main/probe.ts')).toEqual([]);
    expect(await messagesFor("import { join } from 'node:path';\nexport const j = join;\n", 'electron/core/base/probe.ts')).toEqual([]);
  });
});
