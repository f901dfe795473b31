import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = probe;\n`, { filePath });
  return (result?.messages ?? []).map((message) => message.message);
}

describe('the electron/core layer table', () => {
  it.each([
    ["import { ChannelSet as probe } from '../engine/channel-set.js';", 'electron/core/agents/probe.ts', 'electron/core/agents may not import electron/core/engine'],
    ["import { MarkdownReply as probe } from '../reply/markdown-reply.js';", 'electron/core/agents/probe.ts', 'electron/core/agents may not import electron/core/reply'],
    ["import { Channel as probe } from '../../channel/channel.js';", 'electron/core/platform/dingtalk/probe.ts', 'electron/core/platform/dingtalk may not import electron/core/channel'],
    ["import { AgentRuntime as probe } from '../../agents/agent-runtime.js';", 'electron/core/platform/dingtalk/probe.ts', 'electron/core/platform/dingtalk may not import electron/core/agents'],
    ["import type { PendingPairing as probe } from '../access/pairing-store.js';", 'electron/core/reply/probe.ts', 'electron/core/reply may not import electron/core/access'],
    ["export { startEngine as probe } from '../engine/engine.js';", 'electron/core/events/probe.ts', 'electron/core/events may not import electron/core/engine'],
    ["const probe = await import('../channel/channel.js');", 'electron/core/access/probe.ts', 'electron/core/access may not import electron/core/channel'],
    ["import { contract as probe } from '../../contract/contract.js';", 'electron/core/config/probe.ts', 'electron/core/config may not import electron/contract/contract.js'],
    // Only the channel knows which platform speaks which message: the steps before and after it see chat/'s types.
    ["import type { InboundEnvelope as probe } from './dingtalk/envelope.js';", 'electron/core/platform/probe.ts', 'electron/core/platform may not import electron/core/platform/dingtalk'],
    ["import type { InboundEnvelope as probe } from '../platform/dingtalk/envelope.js';", 'electron/core/access/probe.ts', 'electron/core/access may not import electron/core/platform/dingtalk'],
    ["import type { ReplyTarget as probe } from '../platform/dingtalk/outbound.js';", 'electron/core/reply/probe.ts', 'electron/core/reply may not import electron/core/platform/dingtalk'],
    ["import { fromOtherOrganisation as probe } from '../platform/dingtalk/sender-identity.js';", 'electron/core/events/probe.ts', 'electron/core/events may not import electron/core/platform/dingtalk'],
  ])('rejects %s in %s', async (code, file, expected) => {
    const messages = await messagesFor(code, file);
    expect(messages.some((message) => message.startsWith(expected)), messages.join('\n')).toBe(true);
  });

  it('refuses a file loose at the root of electron/core, and a folder the table does not know', async () => {
    expect(await messagesFor("import { silentLogger as probe } from './base/logger.js';", 'electron/core/probe.ts')).toContain(
      "electron/core/probe.ts sits loose at electron/core's root; move it into the folder it belongs to.",
    );
    expect(await messagesFor("import { silentLogger as probe } from '../base/logger.js';", 'electron/core/widgets/probe.ts')).toContain(
      'electron/core/widgets is not in the layer table in eslint.config.js: add it, with the folders it may import.',
    );
  });

  it('lets each folder import what the table allows, at any depth', async () => {
    expect(await messagesFor("import { AgentRuntime as probe } from '../agents/agent-runtime.js';", 'electron/core/channel/probe.ts')).toEqual([]);
    expect(await messagesFor("import type { ChatPlatform as probe } from '../chat-platform.js';", 'electron/core/platform/dingtalk/probe.ts')).toEqual([]);
    expect(await messagesFor("import { silentLogger as probe } from '../../base/logger.js';", 'electron/core/platform/simulator/probe.ts')).toEqual([]);
    expect(await messagesFor("import { contract as probe } from '../../contract/contract.js';", 'electron/core/engine/probe.ts')).toEqual([]);
  });
});
