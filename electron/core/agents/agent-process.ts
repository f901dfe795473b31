import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import { TypedEmitter } from '../base/typed-emitter.js';
import { silentLogger, type Logger } from '../base/logger.js';
import type { LaunchSpec } from './presets.js';
import { findCommand } from './find-command.js';
import { OutputTail } from './stderr-tail.js';
import { jsonLinesOnly } from './json-lines-filter.js';
import { killTree } from './process-tree.js';
import { AgentError } from './agent-errors.js';
import type { AgentAction, AgentProblem } from './agent-problem.js';
import { installText } from './install-hint.js';

export interface AgentProcessHooks {
  sessionUpdate(notification: acp.SessionNotification): void;
  requestPermission(request: acp.RequestPermissionRequest, signal: AbortSignal): Promise<acp.RequestPermissionResponse>;
}

/**
 * The environment agents are found on and started with. Asked anew for every start, because the desktop app
 * learns the login shell's PATH only after it has started.
 */
export type AgentEnvProvider = () => Promise<NodeJS.ProcessEnv>;

export interface AgentProcessOptions {
  launch: LaunchSpec;
  /** The channel's working folder: the agent's cwd and every session's. */
  cwd: string;
  authMethod?: string;
  hooks: AgentProcessHooks;
  logger: Logger;
  /** Spawn → initialized (and authenticated); an agent slower than this is treated as broken. */
  startTimeoutMs?: number;
  /** Defaults to this process's environment. */
  baseEnv?: AgentEnvProvider;
  /** The channel stopping while the agent still starts: the half-started process is stopped with it, never left behind. */
  signal?: AbortSignal;
}

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when we stopped it. */
  expected: boolean;
  stderrTail: string;
}

export interface AgentCapabilities {
  loadSession: boolean;
  /** It can be told to let go of a session (`session/close`), freeing what it holds for it. */
  closeSession: boolean;
  images: boolean;
  audio: boolean;
}

export type AgentProcessEvents = { exit: [AgentExit] };

/** One running agent, spoken to over the Agent Client Protocol on its stdio. */
export class AgentProcess extends TypedEmitter<AgentProcessEvents> {
  /** Absent for an agent that runs inside this process (the built-in demo). */
  readonly #child: ChildProcess | undefined;
  readonly #connection: acp.ClientConnection;
  readonly #stderr: OutputTail;
  readonly #label: string;
  readonly #login: string | undefined;
  #stopping = false;
  #exited: AgentExit | undefined;
  #announceExit: (exit: AgentExit) => void = () => {};
  readonly #whenExited = new Promise<AgentExit>((resolve) => {
    this.#announceExit = resolve;
  });
  capabilities: AgentCapabilities = { loadSession: false, closeSession: false, images: false, audio: false };
  authMethods: acp.AuthMethod[] = [];
  agentInfo: { name: string; version?: string } | undefined;

  private constructor(child: ChildProcess | undefined, connection: acp.ClientConnection, stderr: OutputTail, label: string, login?: string) {
    super();
    this.#child = child;
    this.#connection = connection;
    this.#stderr = stderr;
    this.#label = label;
    this.#login = login;
  }

  static async start(options: AgentProcessOptions): Promise<AgentProcess> {
    const { launch, logger } = options;
    const env = { ...(options.baseEnv ? await options.baseEnv() : process.env), ...launch.env };
    const path = await findCommand(launch.command, env);
    if (!path) {
      throw new AgentError({ code: 'not-installed', agent: launch.label, command: launch.command, install: installText(launch.install), installHint: launch.install });
    }
    const folder = await stat(options.cwd).catch(() => undefined);
    if (!folder?.isDirectory()) throw new AgentError({ code: 'folder-missing', folder: options.cwd });
    const child = spawn(path, launch.args, {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(path),
    });
    const stderr = new OutputTail();
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of stderr.push(chunk)) logger.debug(`[${launch.label}] ${line}`);
    });
    const garbage: string[] = [];
    const stdout = (Readable.toWeb(child.stdout as Readable) as ReadableStream<Uint8Array>).pipeThrough(
      jsonLinesOnly((line) => {
        if (garbage.length < 5) garbage.push(line);
        logger.warn(`${launch.label} wrote a line that is not ACP to stdout; ignored`, { line });
      }),
    );
    const connection = clientApp(options.hooks, logger, launch.label).connect(
      acp.ndJsonStream(Writable.toWeb(child.stdin as Writable) as WritableStream<Uint8Array>, stdout),
    );
    const agent = new AgentProcess(child, connection, stderr, launch.label, launch.login);
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new AgentError({ code: 'spawn-failed', agent: launch.label, detail: error.message })));
    });
    child.once('exit', (code, signal) => agent.#onExit(code, signal));
    const printed = () => (garbage.length ? { output: garbage.join(' | ') } : {});
    const startupExitError = (exit: AgentExit) =>
      new AgentError({ code: 'exited-at-start', agent: launch.label, ...howItExited(exit), ...printed() }, exit.stderrTail);
    const abandon = () => void agent.stop();
    options.signal?.addEventListener('abort', abandon, { once: true });
    try {
      if (options.signal?.aborted) throw new AgentError({ code: 'channel-stopping' });
      await spawned;
      await withTimeout(
        agent.#handshake(options),
        options.startTimeoutMs ?? 30_000,
        () => new AgentError({ code: 'no-handshake', agent: launch.label, ...printed() }, stderr.toString()),
      );
    } catch (error) {
      const exit = await agent.#exitAfterClose();
      await agent.stop();
      if (options.signal?.aborted) throw new AgentError({ code: 'channel-stopping' });
      throw exit ? startupExitError(exit) : error;
    } finally {
      options.signal?.removeEventListener('abort', abandon);
    }
    return agent;
  }

  /** An agent that lives in this process (the built-in demo): the same protocol, without a subprocess. */
  static async startInProcess(agent: acp.AgentApp, options: Pick<AgentProcessOptions, 'hooks' | 'authMethod'> & { label: string }): Promise<AgentProcess> {
    const inProcess = new AgentProcess(undefined, clientApp(options.hooks, silentLogger, options.label).connect(agent), new OutputTail(), options.label);
    await inProcess.#handshake(options);
    return inProcess;
  }

  async #handshake(options: Pick<AgentProcessOptions, 'authMethod'>): Promise<void> {
    const answer = await this.#connection.agent.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
      clientInfo: { name: 'dingbridge', version: '0.1.0' },
    });
    const prompts = answer.agentCapabilities?.promptCapabilities;
    this.capabilities = {
      loadSession: answer.agentCapabilities?.loadSession === true,
      closeSession: answer.agentCapabilities?.sessionCapabilities?.close != null,
      images: prompts?.image === true,
      audio: prompts?.audio === true,
    };
    this.authMethods = answer.authMethods ?? [];
    this.agentInfo = answer.agentInfo ? { name: answer.agentInfo.name, version: answer.agentInfo.version } : undefined;
    if (options.authMethod && this.authMethods.length > 0) {
      if (!this.authMethods.some((method) => method.id === options.authMethod)) {
        throw new AgentError({ code: 'unknown-auth-method', agent: this.#label, method: options.authMethod, ...this.#offeredMethods() });
      }
      try {
        await this.#connection.agent.request(acp.methods.agent.authenticate, { methodId: options.authMethod });
      } catch (error) {
        if (this.#connection.signal.aborted) throw error;
        const said = error instanceof Error ? error.message : String(error);
        throw new AgentError({ code: 'login-failed', agent: this.#label, method: options.authMethod, detail: said, ...this.#loginHelp() });
      }
    }
  }

  /** The auth methods the agent offers, as the problem that names them says them; none when it offers none. */
  #offeredMethods(): Pick<AgentProblem, 'methods'> {
    return this.authMethods.length ? { methods: this.authMethods.map((method) => `${method.id} (${method.name})`).join(', ') } : {};
  }

  /** What a login problem says about logging in: the command that does it, and the auth methods to choose from. */
  #loginHelp(): Pick<AgentProblem, 'login' | 'methods'> {
    return { ...(this.#login ? { login: this.#login } : {}), ...this.#offeredMethods() };
  }

  get label(): string {
    return this.#label;
  }

  get alive(): boolean {
    return this.#exited === undefined;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get stderrTail(): string {
    return this.#stderr.toString();
  }

  async newSession(cwd: string, mcpServers: acp.McpServer[] = []): Promise<acp.NewSessionResponse> {
    return this.#call(() => this.#connection.agent.request(acp.methods.agent.session.new, { cwd, mcpServers }), 'start-session');
  }

  async loadSession(sessionId: string, cwd: string, mcpServers: acp.McpServer[] = []): Promise<void> {
    await this.#call(
      () => this.#connection.agent.request(acp.methods.agent.session.load, { sessionId, cwd, mcpServers }),
      'resume-session',
    );
  }

  prompt(sessionId: string, prompt: acp.ContentBlock[]): Promise<acp.PromptResponse> {
    return this.#call(() => this.#connection.agent.request(acp.methods.agent.session.prompt, { sessionId, prompt }), 'answer');
  }

  /** Lets go of a session it can load again later; one it does not know is let go of already. */
  async closeSession(sessionId: string): Promise<void> {
    if (!this.alive) return;
    await this.#connection.agent.request(acp.methods.agent.session.close, { sessionId });
  }

  async cancel(sessionId: string): Promise<void> {
    if (!this.alive) return;
    await this.#connection.agent.notify(acp.methods.agent.session.cancel, { sessionId }).catch(() => undefined);
  }

  async setConfigOption(sessionId: string, configId: string, value: string): Promise<void> {
    await this.#call(
      () => this.#connection.agent.request(acp.methods.agent.session.setConfigOption, { sessionId, configId, value }),
      'change-setting',
    );
  }

  /** Stops the agent and everything it started. */
  async stop(graceMs = 2_000): Promise<void> {
    this.#stopping = true;
    this.#connection.close();
    if (this.#child) await killTree(this.#child, graceMs);
  }

  /**
   * A dying agent closes its stdout a moment before it is reaped, so requests fail with a bare "connection
   * closed" first: wait a little for the exit, whose code and stderr say much more.
   */
  async #exitAfterClose(): Promise<AgentExit | undefined> {
    if (this.#exited || !this.#connection.signal.aborted) return this.#exited;
    const grace = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2_000).unref());
    return Promise.race([this.#whenExited, grace]);
  }

  async #call<T>(request: () => Promise<T>, action: AgentAction): Promise<T> {
    if (this.#exited) throw this.#exitError(this.#exited, action);
    try {
      return await request();
    } catch (error) {
      const exit = await this.#exitAfterClose();
      if (exit) throw this.#exitError(exit, action);
      if (isAuthRequired(error)) throw new AgentError({ code: 'needs-login', agent: this.#label, action, ...this.#loginHelp() }, this.stderrTail);
      throw error;
    }
  }

  #exitError(exit: AgentExit, action: AgentAction): AgentError {
    return new AgentError({ code: 'exited', agent: this.#label, ...howItExited(exit), action }, this.stderrTail);
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.#exited = { code, signal, expected: this.#stopping, stderrTail: this.#stderr.toString() };
    this.#connection.close(new Error(`${this.#label} exited`));
    this.#announceExit(this.#exited);
    this.emit('exit', this.#exited);
  }
}

/**
 * Our side of the protocol: permission requests and session updates go to the hooks. Anything else an agent asks
 * (files and terminals we did not offer, extensions we do not know) is refused at once as an unknown method and
 * logged, so that no agent waits on an answer that never comes and its author can see what it tried.
 */
function clientApp(hooks: AgentProcessHooks, logger: Logger, label: string) {
  return acp
    .client({ name: 'dingbridge' })
    .onRequest(acp.methods.client.session.requestPermission, ({ params, signal }) => hooks.requestPermission(params, signal))
    .onNotification(acp.methods.client.session.update, ({ params }) => hooks.sessionUpdate(params))
    .onRequest('*', ({ method }) => {
      logger.warn(`${label} asked for something Dingbridge does not offer; refused as an unknown method`, { method });
      throw acp.RequestError.methodNotFound(method);
    })
    .onNotification('*', ({ method }) => logger.warn(`${label} sent a notification Dingbridge does not know; ignored`, { method }));
}

/** How a process ended, as a problem says it: its exit code, or else the signal that ended it. */
export function howItExited(exit: Pick<AgentExit, 'code' | 'signal'>): Pick<AgentProblem, 'exitCode' | 'signal'> {
  return exit.code !== null ? { exitCode: exit.code } : { signal: String(exit.signal) };
}

function isAuthRequired(error: unknown): boolean {
  return error instanceof acp.RequestError && error.code === -32000;
}

async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
