import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../base/logger.js';
import { AgentProcess, type AgentProcessHooks } from './agent-process.js';
import { AgentError } from './agent-errors.js';
import type { AgentUsability } from './detected-agent.js';
import type { AgentProblem } from './agent-problem.js';
import type { LaunchSpec } from './presets.js';

export interface ProbeOptions {
  env: NodeJS.ProcessEnv;
  /** Spawn → session started; an agent slower than this is reported broken, and detection moves on. */
  timeoutMs: number;
  logger?: Logger;
}

export interface ProbeResult {
  state: Exclude<AgentUsability, 'not-installed'>;
  reason?: string;
  problem?: AgentProblem;
}

/** A probe asks for nothing; an agent that asks anyway is refused. */
const HOOKS: AgentProcessHooks = {
  sessionUpdate: () => undefined,
  requestPermission: async () => ({ outcome: { outcome: 'cancelled' } }),
};

/** A stopped probe's agent gets this long to exit before it is killed: detection must not wait on it. */
const STOP_GRACE_MS = 500;

/**
 * Starts an agent the way a channel does (initialize, then a session in an empty folder of its own) and stops it
 * with everything it started: finding the command says nothing about whether it is logged in or works.
 */
export async function probeAgent(launch: LaunchSpec, options: ProbeOptions): Promise<ProbeResult> {
  const deadline = Date.now() + options.timeoutMs;
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-probe-'));
  let agent: AgentProcess | undefined;
  try {
    agent = await AgentProcess.start({
      launch,
      cwd,
      logger: options.logger ?? silentLogger,
      startTimeoutMs: options.timeoutMs,
      baseEnv: async () => options.env,
      hooks: HOOKS,
    });
    const seconds = Math.round(options.timeoutMs / 1000);
    await beforeDeadline(agent.newSession(cwd), deadline, () => new AgentError({ code: 'session-timeout', agent: launch.label, seconds }));
    return { state: 'usable' };
  } catch (error) {
    if (error instanceof AgentError && error.needsLogin) {
      const problem: AgentProblem = { code: 'needs-login', agent: launch.label, action: 'start-session', ...(launch.login ? { login: launch.login } : {}) };
      return { state: 'needs-login', reason: `${launch.label} needs a login before it can start a session.`, problem };
    }
    if (!(error instanceof AgentError)) return { state: 'broken', reason: String(error) };
    return { state: 'broken', reason: error.summary, ...(error.problem ? { problem: error.problem } : {}) };
  } finally {
    await agent?.stop(STOP_GRACE_MS);
    await rm(cwd, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function beforeDeadline<T>(work: Promise<T>, deadline: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
