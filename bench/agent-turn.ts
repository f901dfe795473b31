import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AgentProcess } from '../electron/core/agents/agent-process.js';
import { AgentRuntime } from '../electron/core/agents/agent-runtime.js';
import { AgentConfigSchema } from '../electron/core/agents/agent-config.js';
import type { LaunchSpec } from '../electron/core/agents/presets.js';
import { silentLogger } from '../electron/core/base/logger.js';
import { fakeAgentLaunch } from '../test/core/agents/fake-agent-launch.js';
import { FakeLlm } from '../test/fakes/openai-llm/fake-llm.js';
import { installQwenCode } from '../test/tools/qwen-code.js';
import { summarize, type Summary } from './stats.js';
import { MarkdownReply } from '../electron/core/reply/markdown-reply.js';

/** Prompt sent → first agent_message_chunk back, over ACP on a real subprocess's stdio. */
async function firstChunkLatency(name: string, launch: LaunchSpec, text: string, turns: number): Promise<Summary> {
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-bench-'));
  let onChunk: (() => void) | undefined;
  const agent = await AgentProcess.start({
    launch,
    cwd,
    logger: silentLogger,
    startTimeoutMs: 60_000,
    hooks: {
      sessionUpdate: (n) => {
        if (n.update.sessionUpdate === 'agent_message_chunk') onChunk?.();
      },
      requestPermission: async () => ({ outcome: { outcome: 'cancelled' } }),
    },
  });
  try {
    const { sessionId } = await agent.newSession(cwd);
    const samples: number[] = [];
    for (let i = 0; i < turns; i++) {
      const started = performance.now();
      const first = new Promise<number>((resolve) => (onChunk = () => resolve(performance.now() - started)));
      const done = agent.prompt(sessionId, [{ type: 'text', text }]);
      samples.push(await first);
      onChunk = undefined;
      await done;
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    return summarize(name, samples, 'ms');
  } finally {
    await agent.stop();
    await rm(cwd, { recursive: true, force: true });
  }
}

export function fakeAgentFirstChunk(turns = 200): Promise<Summary> {
  return firstChunkLatency('fake agent: prompt → first chunk', fakeAgentLaunch(), 'say: hello', turns);
}

/** The bridge's whole turn with an agent that answers at once: message handed over → reply ready. */
export async function runtimeTurn(turns = 200): Promise<Summary> {
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-bench-'));
  const launch = fakeAgentLaunch();
  const runtime = await AgentRuntime.create({
    agent: AgentConfigSchema.parse({ preset: 'custom', command: launch.command, args: launch.args }),
    cwd,
    sessionScope: 'user',
    dispatchMode: 'collect',
    permissions: 'auto',
    logger: silentLogger,
  });
  try {
    const samples: number[] = [];
    const turn = (i: number) => ({ msgId: `m${i}`, conversationId: 'c', conversationType: 'dm' as const, senderId: 's', senderNick: 'n', text: 'say: hi' });
    await runtime.handle(turn(-1), new MarkdownReply(async () => undefined));
    for (let i = 0; i < turns; i++) {
      const started = performance.now();
      await runtime.handle(turn(i), new MarkdownReply(async () => undefined));
      samples.push(performance.now() - started);
    }
    return summarize('fake agent: message → reply (runtime)', samples, 'ms');
  } finally {
    await runtime.stop();
    await rm(cwd, { recursive: true, force: true });
  }
}

/** The same with the real Qwen Code CLI answering from a local fake OpenAI-compatible model. */
export async function qwenFirstChunk(turns = 10): Promise<Summary> {
  const llm = new FakeLlm();
  await llm.start();
  const home = await mkdtemp(join(tmpdir(), 'dingbridge-qwen-'));
  try {
    return await firstChunkLatency(
      'Qwen Code + fake LLM: prompt → first chunk',
      {
        label: 'Qwen Code',
        command: await installQwenCode(),
        args: ['--acp', '--auth-type', 'openai'],
        env: { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'fake', OPENAI_MODEL: 'fake-model', QWEN_HOME: home, HOME: home },
        install: { code: 'run', command: 'npx tsx test/tools/qwen-code.ts' },
      },
      'hello',
      turns,
    );
  } finally {
    await llm.stop();
    await rm(home, { recursive: true, force: true });
  }
}
