import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeLlm, lastUserText } from '../../fakes/openai-llm/fake-llm.js';
import { AgentRuntime } from '../../../electron/core/agents/agent-runtime.js';
import { AgentConfigSchema } from '../../../electron/core/agents/agent-config.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { tempDir, until } from '../platform/dingtalk/harness.js';
import { installQwenCode } from '../../tools/qwen-code.js';
import { MarkdownReply } from '../../../electron/core/reply/markdown-reply.js';

let qwen: string;
// Installed into the test-tools cache on the first run (CI installs it ahead): a download, so a generous bound.
beforeAll(async () => {
  qwen = await installQwenCode();
}, 600_000);

let llm: FakeLlm;
beforeEach(async () => {
  llm = new FakeLlm();
  await llm.start();
});
afterEach(async () => {
  await llm.stop();
});

async function qwenRuntime(instructions?: string, idleMs?: number, userSettings?: object) {
  const home = await tempDir();
  if (userSettings) await writeFile(join(home, 'settings.json'), JSON.stringify(userSettings));
  return AgentRuntime.create({
    agent: AgentConfigSchema.parse({
      preset: 'qwen',
      command: qwen,
      args: ['--auth-type', 'openai'],
      env: { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'fake-key', OPENAI_MODEL: 'fake-model', QWEN_HOME: home, HOME: home },
    }),
    cwd: await tempDir(),
    dataDir: await tempDir(),
    instructions,
    sessionScope: 'user',
    dispatchMode: 'collect',
    permissions: 'deny',
    timeouts: { startMs: 60_000, turnMs: 60_000, ...(idleMs ? { idleMs } : {}) },
    logger: silentLogger,
  });
}

describe('compatibility with the real Qwen Code CLI', () => {
  it('answers a DingTalk message through qwen --acp and a fake OpenAI-compatible model', { timeout: 120_000 }, async () => {
    const runtime = await qwenRuntime('Answer briefly.');
    const replies: string[] = [];
    try {
      // Started with its channel, before any message: the first message then finds it ready and starts no other.
      runtime.warmUp();
      await until(() => runtime.agentState.status === 'ready', 'Qwen Code to start with no message', 60_000);
      const started = runtime.agentState;
      const turn = { msgId: 'm1', conversationId: 'cid1', conversationType: 'dm' as const, senderId: 's1', senderNick: '张三', text: 'ping from DingTalk' };
      expect(await runtime.handle(turn, new MarkdownReply(async (text) => void replies.push(text)))).toBe('answered');
      expect(replies).toEqual(['You said: ping from DingTalk']);
      expect(runtime.agentState).toMatchObject({ status: 'ready', agent: 'Qwen Code' });
      expect(runtime.agentState).toEqual(started);
      const asked = llm.requests.map((request) => lastUserText(request.messages)).join('\n');
      expect(asked).toContain('Answer briefly.');
      expect(asked).toContain('ping from DingTalk');

      replies.length = 0;
      await runtime.handle({ ...turn, msgId: 'm2', text: 'second message' }, new MarkdownReply(async (text) => void replies.push(text)));
      expect(replies).toEqual(['You said: second message']);
      expect(runtime.sessions()).toHaveLength(1);
    } finally {
      await runtime.stop();
    }
  });

  it('spends no model call on follow-up suggestions a chat never shows, unless the user’s own settings ask for them', { timeout: 180_000 }, async () => {
    const suggesting = () => llm.requests.some((request) => lastUserText(request.messages).includes('SUGGESTION MODE'));
    const turn = { msgId: 'm1', conversationId: 'cid1', conversationType: 'dm' as const, senderId: 's1', senderNick: '张三', text: 'hello' };
    const asked = await qwenRuntime(undefined, undefined, { ui: { enableFollowupSuggestions: true } });
    try {
      // Qwen Code suggests nothing after a session's first answer.
      expect(await asked.handle(turn, new MarkdownReply(async () => undefined))).toBe('answered');
      expect(await asked.handle({ ...turn, msgId: 'm2', text: 'again' }, new MarkdownReply(async () => undefined))).toBe('answered');
      await until(suggesting, 'Qwen Code to ask the model for a follow-up suggestion, as its user’s settings say', 30_000);
    } finally {
      await asked.stop();
    }

    llm.requests.length = 0;
    const runtime = await qwenRuntime();
    try {
      expect(await runtime.handle(turn, new MarkdownReply(async () => undefined))).toBe('answered');
      expect(await runtime.handle({ ...turn, msgId: 'm2', text: 'again' }, new MarkdownReply(async () => undefined))).toBe('answered');
      // A suggestion is asked for as the second turn ends; the third turn's own question to the model comes after it.
      expect(await runtime.handle({ ...turn, msgId: 'm3', text: 'and again' }, new MarkdownReply(async () => undefined))).toBe('answered');
      expect(llm.requests.some((request) => lastUserText(request.messages) === 'and again')).toBe(true);
      expect(suggesting()).toBe(false);
    } finally {
      await runtime.stop();
    }
  });

  it('lets go of a quiet conversation by restarting Qwen Code, then resumes it with what was said', { timeout: 180_000 }, async () => {
    const runtime = await qwenRuntime(undefined, 2_000);
    const replies: string[] = [];
    const changes: string[] = [];
    runtime.on('sessionChanged', ({ change }) => changes.push(change));
    try {
      const turn = { msgId: 'm1', conversationId: 'cid1', conversationType: 'dm' as const, senderId: 's1', senderNick: '张三', text: 'the word is pineapple' };
      expect(await runtime.handle(turn, new MarkdownReply(async (text) => void replies.push(text)))).toBe('answered');
      const first = runtime.agentState.status === 'ready' ? runtime.agentState.pid : undefined;
      // Qwen Code 0.24 cannot be told to close a session: it is restarted once all is quiet.
      await until(() => runtime.agentState.status === 'ready' && runtime.agentState.pid !== first, 'a fresh Qwen Code in place of the idle one', 90_000);
      expect(changes).toEqual(['created', 'released']);
      const asked = llm.requests.length;
      expect(await runtime.handle({ ...turn, msgId: 'm2', text: 'what was the word?' }, new MarkdownReply(async (text) => void replies.push(text)))).toBe('answered');
      expect(changes).toEqual(['created', 'released', 'resumed']);
      // The fake model echoes the last user text, which Qwen Code prefixes with its own reminder on a first turn without instructions.
      expect(replies).toEqual([expect.stringMatching(/^You said: .*the word is pineapple$/), 'You said: what was the word?']);
      // The model is given the earlier exchange with the new question: the conversation went on, not afresh.
      const history = JSON.stringify(llm.requests.slice(asked).map((request) => request.messages));
      expect(history).toContain('the word is pineapple');
    } finally {
      await runtime.stop();
    }
  });
});
