import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

const ONLY_THROUGH_CONTRACT = 'The window reaches the engine only through electron/contract';

describe('the renderer import rule', () => {
  it.each([
    ["import { MAX_PENDING } from '../../electron/core/access/pairing-limits';", 'renderer/src/probe.ts'],
    ["import type { SimulatorEntry } from '../../../electron/core/platform/simulator/simulator-schema';", 'renderer/src/pages/probe.tsx'],
    ["import * as core from '../../electron/core/base';", 'renderer/src/probe.ts'],
  ])('rejects %s in %s', async (code, filePath) => {
    const messages = await messagesFor(`${code}\nexport const used = 1;\n`, filePath);
    expect(messages.some((message) => message.includes(ONLY_THROUGH_CONTRACT))).toBe(true);
  });

  it('allows the contract in the window, and core outside it', async () => {
    expect(await messagesFor("import { MAX_PENDING } from '../../../electron/contract/window-shared';\nexport const m = MAX_PENDING;\n", 'renderer/src/i18n/probe.ts')).toEqual([]);
    expect(await messagesFor("import { MAX_PENDING } from '../core/access/pairing-limits.js';\nexport const m = MAX_PENDING;\n", 'electron/contract/probe.ts')).toEqual([]);
  });
});
