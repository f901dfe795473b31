import { setTimeout as delay } from 'node:timers/promises';
import type * as acp from '@agentclientprotocol/sdk';
import { TypedEmitter } from '../base/typed-emitter.js';
import type { Logger } from '../base/logger.js';
import { backoffDelay } from '../base/backoff.js';
import { AgentProcess, howItExited, type AgentEnvProvider } from './agent-process.js';
import { AgentError } from './agent-errors.js';
import type { AgentProblem } from './agent-problem.js';
import { createDemoAgent } from './demo-agent.js';
import type { LaunchSpec } from './presets.js';
import type { AgentState } from './agent-state.js';

export interface CrashPolicy {
  /** More crashes than this within `windowMs` stop the agent for good, with the reason shown. */
  maxCrashes: number;
  windowMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_CRASH_POLICY: CrashPolicy = { maxCrashes: 3, windowMs: 5 * 60_000, backoffMinMs: 1_000, backoffMaxMs: 30_000 };

export interface AgentSupervisorOptions {
  launch: LaunchSpec;
  cwd: string;
  authMethod?: string;
  logger: Logger;
  startTimeoutMs: number;
  crashPolicy?: Partial<CrashPolicy>;
  agentEnv?: AgentEnvProvider;
  requestPermission(request: acp.RequestPermissionRequest, signal: AbortSignal): Promise<acp.RequestPermissionResponse>;
}

export type AgentSupervisorEvents = {
  state: [AgentState];
  update: [acp.SessionNotification];
  crashed: [{ reason: string; stderrTail: string }];
};

/**
 * Keeps one channel's agent process: started when first needed, restarted with backoff after a crash (each new
 * process has a new `generation`, so sessions know to reload), and given up on, visibly, when it keeps crashing.
 */
export class AgentSupervisor extends TypedEmitter<AgentSupervisorEvents> {
  readonly #options: AgentSupervisorOptions;
  readonly #policy: CrashPolicy;
  #state: AgentState = { status: 'idle' };
  #process: AgentProcess | undefined;
  #starting: Promise<AgentProcess> | undefined;
  #crashes: number[] = [];
  #failure: AgentError | undefined;
  #stopped = new AbortController();
  /** The start ahead of any message, which a message waits for rather than starting a second agent. */
  #warming: Promise<void> | undefined;
  generation = 0;

  constructor(options: AgentSupervisorOptions) {
    super();
    this.#options = options;
    this.#policy = { ...DEFAULT_CRASH_POLICY, ...options.crashPolicy };
  }

  get state(): AgentState {
    return this.#state;
  }

  /** Stopped for good: a start failing now is the channel going away, not the agent's fault. */
  get stopping(): boolean {
    return this.#stopped.signal.aborted;
  }

  get current(): AgentProcess | undefined {
    return this.#process?.alive ? this.#process : undefined;
  }

  /** The name to show: a custom command's agent goes by the name it gives itself, once it has said it. */
  get agentName(): string {
    const { launch } = this.#options;
    return launch.custom ? (this.#process?.agentInfo?.name ?? launch.label) : launch.label;
  }

  /** The running agent, starting it (after any backoff still due) when there is none. */
  async ensure(): Promise<AgentProcess> {
    if (this.#warming) await this.#warming;
    if (this.#failure) throw this.#failure;
    if (this.#stopped.signal.aborted) throw new AgentError({ code: 'channel-stopping' });
    if (this.#process?.alive) return this.#process;
    this.#starting ??= this.#start().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  /**
   * Starts the agent ahead of any message. An agent that cannot start (not installed, exits at once) is left to
   * the first message to find, as if it had not been tried, so that the person who wrote it is told why.
   */
  warmUp(): void {
    if (this.#failure || this.#starting || this.#warming || this.#process?.alive || this.#stopped.signal.aborted) return;
    this.#warming = this.#start({ warmUp: true }).then(
      () => undefined,
      () => undefined,
    );
    void this.#warming.finally(() => {
      this.#warming = undefined;
    });
  }

  /**
   * Starts a fresh agent in place of the running one, which holds memory for sessions no one uses any more (and
   * cannot be told to let go of them): each is resumed from its file when its person writes again.
   */
  async recycle(): Promise<void> {
    const old = this.#process;
    if (!old?.alive || this.#starting || this.#warming || this.stopping) return;
    this.#options.logger.info('Restarting the idle agent to give back the memory of sessions no one uses');
    this.#process = undefined;
    await old.stop();
    this.warmUp();
  }

  async stop(): Promise<void> {
    this.#stopped.abort();
    const running = this.#process;
    this.#process = undefined;
    // A start under way stops its half-started process on the abort; wait for that, so that none outlives us.
    await Promise.allSettled([running?.stop(), this.#starting, this.#warming]);
    this.#setState({ status: 'stopped' });
  }

  async #start({ warmUp = false } = {}): Promise<AgentProcess> {
    if (this.#state.status === 'restarting') {
      const wait = this.#state.nextAttemptAt - Date.now();
      if (wait > 0) await delay(wait, undefined, { signal: this.#stopped.signal }).catch(() => undefined);
      if (this.#stopped.signal.aborted) throw new AgentError({ code: 'channel-stopping' });
    }
    this.#setState({ status: 'starting' });
    let agent: AgentProcess;
    const hooks = {
      sessionUpdate: (notification: acp.SessionNotification) => this.emit('update', notification),
      requestPermission: (request: acp.RequestPermissionRequest, signal: AbortSignal) => this.#options.requestPermission(request, signal),
    };
    try {
      agent = this.#options.launch.builtin
        ? await AgentProcess.startInProcess(createDemoAgent(), { label: this.#options.launch.label, hooks })
        : await AgentProcess.start({
            launch: this.#options.launch,
            cwd: this.#options.cwd,
            authMethod: this.#options.authMethod,
            logger: this.#options.logger,
            startTimeoutMs: this.#options.startTimeoutMs,
            baseEnv: this.#options.agentEnv,
            hooks,
            signal: this.#stopped.signal,
          });
    } catch (error) {
      if (this.#stopped.signal.aborted) throw new AgentError({ code: 'channel-stopping' });
      const failure = error instanceof AgentError ? error : new AgentError(String(error));
      // Not a crash: a login done meanwhile should work on the very next message, without a backoff.
      if (failure.needsLogin) {
        this.needsLogin(failure);
        throw failure;
      }
      if (warmUp) {
        this.#setState({ status: 'idle' });
        throw failure;
      }
      this.#crashed(failure);
      throw this.#failure ?? failure;
    }
    if (this.#stopped.signal.aborted) {
      await agent.stop();
      throw new AgentError({ code: 'channel-stopping' });
    }
    this.generation += 1;
    this.#process = agent;
    agent.on('exit', (exit) => {
      if (exit.expected || this.#process !== agent) return;
      this.#process = undefined;
      this.#crashed(new AgentError({ code: 'crashed', agent: agent.label, ...howItExited(exit) }, exit.stderrTail));
      // Started again once the backoff is over, not when the next message comes: that message finds it ready.
      if (this.#state.status === 'restarting') this.ensure().catch(() => undefined);
    });
    this.#setState(this.#readyState(agent));
    return agent;
  }

  /** The agent refused to start a session until someone logs in: every turn would fail, so it is not "ready". */
  needsLogin(error: AgentError): void {
    const { login } = this.#options.launch;
    this.#setState({ status: 'needs-login', agent: this.agentName, reason: error.summary, ...problemOf(error), ...(login ? { login } : {}) });
  }

  /** A session started after all (someone logged in): the agent is ready again. */
  sessionStarted(): void {
    const agent = this.current;
    if (this.#state.status !== 'needs-login' || !agent) return;
    this.#setState(this.#readyState(agent));
  }

  #readyState(agent: AgentProcess): AgentState {
    return { status: 'ready', pid: agent.pid, agent: this.agentName, ...(agent.agentInfo?.version ? { version: agent.agentInfo.version } : {}) };
  }

  #crashed(error: AgentError): void {
    const { summary: reason, stderrTail } = error;
    this.#options.logger.warn('The agent stopped unexpectedly', { reason });
    this.emit('crashed', { reason, stderrTail });
    const now = Date.now();
    this.#crashes = [...this.#crashes.filter((at) => at > now - this.#policy.windowMs), now];
    if (error.permanent || this.#crashes.length > this.#policy.maxCrashes) {
      this.#failure = error.permanent ? error : this.#givenUp(error);
      this.#setState({ status: 'failed', reason: this.#failure.summary, ...problemOf(this.#failure) });
      return;
    }
    const wait = backoffDelay(this.#crashes.length, this.#policy.backoffMinMs, this.#policy.backoffMaxMs);
    this.#setState({ status: 'restarting', reason, ...problemOf(error), nextAttemptAt: now + wait });
  }

  /** The failure that ends the restarts, saying how often it crashed and, last, why. */
  #givenUp(last: AgentError): AgentError {
    const why = last.problem ? { last: last.problem } : { detail: last.summary };
    return new AgentError({ code: 'keeps-crashing', crashes: this.#crashes.length, minutes: Math.round(this.#policy.windowMs / 60_000), ...why }, last.stderrTail);
  }

  #setState(state: AgentState): void {
    this.#state = state;
    this.emit('state', state);
  }
}

const problemOf = (error: AgentError): { problem?: AgentProblem } => (error.problem ? { problem: error.problem } : {});
