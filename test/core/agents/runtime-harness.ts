import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { AgentRuntime, type AgentRuntimeOptions } from '../../../electron/core/agents/agent-runtime.js';
import { AgentConfigSchema } from '../../../electron/core/agents/agent-config.js';
import { AgentTimeoutsSchema, type OutputMode } from '../../../electron/core/agents/conversation-settings.js';
import type { TurnInput } from '../../../electron/core/agents/turn-input.js';
import type { ReplyKind, ReplySink } from '../../../electron/core/reply/reply-kind.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { fakeAgentLaunch } from './fake-agent-launch.js';
import { tempDir } from '../platform/dingtalk/harness.js';
import { MarkdownReply } from '../../../electron/core/reply/markdown-reply.js';

const runtimes: AgentRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.stop()));
});

export interface Probe {
  runtime: AgentRuntime;
  replies: Array<{ text: string; kind: ReplyKind; to: string }>;
  log: string;
  cwd: string;
  dataDir: string;
  say(text: string, overrides?: Partial<TurnInput>): ReturnType<AgentRuntime['handle']>;
  requests(): Promise<Array<{ method: string; pid: number; params: Record<string, unknown> }>>;
  prompts(): Promise<string[]>;
}

export interface ProbeOptions extends Partial<Omit<AgentRuntimeOptions, 'agent'>> {
  /** `progress`: tool calls are sent as progress lines while the agent works. */
  outputMode?: OutputMode;
  mode?: string;
  log?: string;
  /** More of the fake agent's environment (FAKE_AGENT_… settings besides its mode and log). */
  fakeEnv?: Record<string, string>;
}

/** An AgentRuntime over the scripted fake agent, recording every reply it sends. */
export async function startRuntime({ outputMode = 'final', fakeEnv = {}, ...options }: ProbeOptions = {}): Promise<Probe> {
  const cwd = options.cwd ?? (await tempDir());
  const dataDir = options.dataDir ?? (await tempDir());
  const log = options.log ?? join(await tempDir(), 'agent.log');
  const launch = fakeAgentLaunch({ ...fakeEnv, FAKE_AGENT_LOG: log, FAKE_AGENT_MODE: options.mode ?? '' });
  const runtime = await AgentRuntime.create({
    agent: AgentConfigSchema.parse({ preset: 'custom', command: launch.command, args: launch.args, env: launch.env }),
    cwd,
    dataDir,
    sessionScope: 'user',
    dispatchMode: 'collect',
    permissions: 'auto',
    logger: silentLogger,
    ...options,
  });
  runtimes.push(runtime);
  const { progressMs } = AgentTimeoutsSchema.parse(options.timeouts ?? {});
  const replies: Probe['replies'] = [];
  let counter = 0;
  const probe: Probe = {
    runtime,
    replies,
    log,
    cwd,
    dataDir,
    say: (text, overrides = {}) => {
      const turn: TurnInput = {
        msgId: `msg-${++counter}`,
        conversationId: 'cid-dm-1',
        conversationType: 'dm',
        senderId: 'staff-1',
        senderNick: '张三',
        text,
        ...overrides,
      };
      const sink: ReplySink = async (reply, kind) => {
        replies.push({ text: reply, kind, to: `${turn.conversationId}/${turn.senderId}` });
      };
      return runtime.handle(turn, new MarkdownReply(sink, outputMode === 'progress' ? { progressMs } : {}));
    },
    requests: async () => {
      const text = await readFile(log, 'utf8').catch(() => '');
      return text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { method: string; pid: number; params: Record<string, unknown> });
    },
    prompts: async () =>
      (await probe.requests())
        .filter((r) => r.method === 'session/prompt')
        .map((r) =>
          (r.params.prompt as Array<{ type: string; text?: string }>)
            .filter((block) => block.type === 'text')
            .map((block) => block.text)
            .join('\n'),
        ),
  };
  return probe;
}

export const answers = (probe: Probe) => probe.replies.filter((r) => r.kind === 'answer').map((r) => r.text);
