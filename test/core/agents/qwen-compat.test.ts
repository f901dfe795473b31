import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeLlm, lastUserText } from '../../fakes/openai-llm/fake-llm.js';
import { AgentRuntime } from '../../../electron/core/agents/agent-runtime.js';
import { AgentConfigSchema } from '../../../electron/core/agents/agent-config.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { tempDir, until } from '../dingtalk/harness.js';
import { installQwenCode } from '../../tools/qwen-code.js';

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

async function qwenRuntime(instructions?: string) {
  const home = await tempDir();
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
    outputMode: 'final',
    permissions: 'deny',
    timeouts: { startMs: 60_000, turnMs: 60_000 },
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
      expect(await runtime.handle(turn, async (text) => void replies.push(text))).toBe('answered');
      expect(replies).toEqual(['You said: ping from DingTalk']);
      expect(runtime.agentState).toMatchObject({ status: 'ready', agent: 'Qwen Code' });
      expect(runtime.agentState).toEqual(started);
      const asked = llm.requests.map((request) => lastUserText(request.messages)).join('\n');
      expect(asked).toContain('Answer briefly.');
      expect(asked).toContain('ping from DingTalk');

      replies.length = 0;
      await runtime.handle({ ...turn, msgId: 'm2', text: 'second message' }, async (text) => void replies.push(text));
      expect(replies).toEqual(['You said: second message']);
      expect(runtime.sessions()).toHaveLength(1);
    } finally {
      await runtime.stop();
    }
  });
});
