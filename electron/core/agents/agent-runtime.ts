import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type * as acp from '@agentclientprotocol/sdk';
import { TypedEmitter } from '../base/typed-emitter.js';
import type { Logger } from '../base/logger.js';
import type { AgentConfig } from './agent-config.js';
import { launchSpec, type LaunchSpec } from './presets.js';
import { AgentError } from './agent-errors.js';
import type { AgentProblem } from './agent-problem.js';
import { AgentSupervisor, type CrashPolicy } from './agent-supervisor.js';
import type { AgentState } from './agent-state.js';
import type { AgentEnvProvider, AgentProcess } from './agent-process.js';
import { SessionStore, sessionKeyFor } from './session-store.js';
import { SessionWorker, type PreparedSession, type TurnOutcome } from './session-worker.js';
import { PermissionBroker, type ChatPerson, type OperatorSide, type PermissionDecision, type PermissionEvents } from './permission-broker.js';
import { RememberedApprovals } from './remembered-approvals.js';
import { withQwenChatDefaults } from './qwen-chat-defaults.js';
import { answerCommand, parseLocalCommand, type LocalCommand } from './chat-commands.js';
import {
  AgentTimeoutsSchema,
  type AgentTimeouts,
  type DispatchMode,
  type PermissionMode,
  type SessionScope,
} from './conversation-settings.js';
import type { TurnInput } from './turn-input.js';
import type { TurnReply } from './turn-reply.js';
import type { BotSays } from './bot-says.js';
import type { SessionInfo } from './session-schema.js';
import { FileLink, type FileToolRequest } from './file-link.js';
import { mcpServerFor, type FilesToolLaunch } from './files-tool.js';
import type { FileAnswer } from './file-request.js';

export interface AgentRuntimeOptions {
  agent: AgentConfig;
  cwd: string;
  model?: string;
  instructions?: string;
  sessionScope: SessionScope;
  /** What a busy session does with a new message, unless the conversation's own settings say (`dispatchModeIn`). */
  dispatchMode: DispatchMode;
  /**
   * The dispatch mode a conversation's own settings choose (a group's), when they choose one. Not asked under the
   * `single` scope: its one session spans every conversation, so `dispatchMode` holds there.
   */
  dispatchModeIn?: (conversation: Pick<TurnInput, 'conversationId' | 'conversationType'>) => DispatchMode | undefined;
  permissions: PermissionMode;
  /** staffIds who may answer any permission request in the chat, besides the person who caused it. */
  approvers?: readonly string[];
  /** The channel's "always" answers; without them, "always" lasts as long as this runtime. */
  remembered?: RememberedApprovals;
  timeouts?: Partial<AgentTimeouts>;
  crashPolicy?: Partial<CrashPolicy>;
  agentEnv?: AgentEnvProvider;
  /** Where the session map is kept so a restart resumes conversations. */
  dataDir?: string;
  /**
   * How to start the file tool (an MCP server offered to the agent in every session, with which it sends files to
   * the conversation); without it the agent sends files only by markers and content in its answer.
   */
  filesTool?: FilesToolLaunch;
  logger: Logger;
}

export type { SessionInfo } from './session-schema.js';

/** A turn that failed before the agent had a session for it: the agent needs a login, or would not start. */
export interface SessionUnavailable {
  key: string;
  conversationId: string;
  problem: 'needs-login' | 'cannot-start';
  agent: string;
  reason: string;
  /** The reason as a code, when it has one. */
  agentProblem?: AgentProblem;
  /** The command that logs the agent in, when it needs a login and its preset knows one. */
  login?: string;
  /** The agent is the built-in demo, so there is nothing simpler to switch to. */
  demo: boolean;
}

export type AgentRuntimeEvents = {
  agentState: [AgentState];
  turnStarted: [{ key: string; msgIds: string[] }];
  toolCall: [{ key: string; line: string }];
  turnFinished: [{ key: string; msgIds: string[]; outcome: TurnOutcome; durationMs: number; error?: string }];
  sessionChanged: [{ key: string; change: 'created' | 'resumed' | 'released' | 'cleared' | 'lost'; sessionId?: string }];
  permissionRequested: PermissionEvents['requested'];
  permissionAnswered: PermissionEvents['answered'];
  /** After the turn's error reply, so whoever explains it further speaks after the agent's own words. */
  sessionUnavailable: [SessionUnavailable];
};

interface LiveSession {
  sessionId: string;
  generation: number;
  instructed: boolean;
}

/** How long no turn must have run before the agent is asked to open the next spare session. */
const SPARE_QUIET_MS = 1_000;

/** Outcome of a message the bridge answered itself. */
export type HandleOutcome = TurnOutcome | 'command';

/**
 * A channel's conversations with its agent: one agent process shared by many sessions, each message routed to
 * its session by the channel's scope, chat commands answered locally, permissions brokered, and the agent
 * restarted (sessions resumed) when it crashes.
 */
export class AgentRuntime extends TypedEmitter<AgentRuntimeEvents> {
  readonly permissions: PermissionBroker;
  readonly #options: AgentRuntimeOptions;
  readonly #timeouts: AgentTimeouts;
  readonly #launch: LaunchSpec;
  readonly #supervisor: AgentSupervisor;
  readonly #store: SessionStore;
  readonly #workers = new Map<string, SessionWorker>();
  readonly #live = new Map<string, LiveSession>();
  /** How often each key's session was cleared: one resumed or made while it was cleared is not kept for it. */
  readonly #clears = new Map<string, number>();
  readonly #keyOfSession = new Map<string, string>();
  readonly #listeners = new Map<string, (update: acp.SessionUpdate) => void>();
  readonly #commands = new Map<string, acp.AvailableCommand[]>();
  readonly #unavailable = new Map<string, SessionUnavailable>();
  readonly #idleTimer: NodeJS.Timeout | undefined;
  /** Sessions let go of here that the running agent still holds, having no way to be told. */
  #heldByAgent = 0;
  /**
   * A session the running agent opened ahead of need, for the next conversation that needs a new one: that
   * conversation's first message then costs its first turn, not the session's opening as well.
   */
  #spare: { generation: number; session: Promise<acp.NewSessionResponse | undefined> } | undefined;
  #spareTimer: NodeJS.Timeout | undefined;
  /** The link the file tool calls, with each session's token standing for a reference to its session. */
  readonly #link: FileLink | undefined;
  readonly #sessionOfRef = new Map<string, string>();

  private constructor(options: AgentRuntimeOptions, sessions: SessionStore, remembered: RememberedApprovals, link: FileLink | undefined) {
    super();
    this.#options = options;
    this.#link = link;
    this.#timeouts = AgentTimeoutsSchema.parse(options.timeouts ?? {});
    this.#store = sessions;
    this.permissions = new PermissionBroker({
      mode: options.permissions,
      timeoutMs: this.#timeouts.permissionMs,
      approvers: options.approvers ?? [],
      remembered,
    });
    this.permissions.on('requested', (pending) => this.emit('permissionRequested', pending));
    this.permissions.on('answered', (answer) => this.emit('permissionAnswered', answer));
    this.#launch = launchSpec(options.agent, options.model);
    this.#supervisor = new AgentSupervisor({
      launch: this.#launch,
      cwd: options.cwd,
      authMethod: options.agent.authMethod,
      logger: options.logger,
      startTimeoutMs: this.#timeouts.startMs,
      crashPolicy: options.crashPolicy,
      agentEnv: agentEnvOf(options),
      requestPermission: (request, signal) => this.#requestPermission(request, signal),
    });
    this.#supervisor.on('state', (state) => {
      if (state.status === 'ready') this.#openSpare();
      this.emit('agentState', state);
    });
    this.#supervisor.on('update', (notification) => this.#route(notification));
    const { idleMs } = this.#timeouts;
    if (idleMs > 0) this.#idleTimer = setInterval(() => this.#releaseIdle(), Math.min(60_000, Math.max(50, idleMs / 4))).unref();
  }

  static async create(options: AgentRuntimeOptions): Promise<AgentRuntime> {
    const sessions = await SessionStore.open(options.dataDir ? join(options.dataDir, 'agent-sessions.json') : undefined, options.logger);
    const remembered = options.remembered ?? (await RememberedApprovals.open(undefined, options.logger));
    // The link answers through the runtime it serves, made once the link is listening.
    const served: { runtime?: AgentRuntime } = {};
    const link = options.filesTool ? new FileLink((ref, request) => (served.runtime ? served.runtime.#fileAsked(ref, request) : Promise.resolve(NO_TURN))) : undefined;
    await link?.start();
    served.runtime = new AgentRuntime(options, sessions, remembered, link);
    return served.runtime;
  }

  get agentState(): AgentState {
    return this.#supervisor.state;
  }

  /** Handles one message; resolves when it has been answered (or merged, cancelled, refused). */
  async handle(turn: TurnInput, reply: TurnReply): Promise<HandleOutcome> {
    const key = sessionKeyFor(turn, this.#options.sessionScope);
    const command = turn.files?.length ? undefined : parseLocalCommand(turn.text);
    if (command) {
      await reply.say(this.#answerCommand(command, key, turn), 'command');
      return 'command';
    }
    return this.#worker(key, turn).submit(turn, reply);
  }

  sessions(): SessionInfo[] {
    return this.#store.entries().map(([key, record]) => {
      const worker = this.#workers.get(key);
      return {
        key,
        sessionId: record.sessionId,
        conversationId: record.conversationId,
        conversationType: record.conversationType,
        ...(record.conversationTitle ? { conversationTitle: record.conversationTitle } : {}),
        ...(record.senderId ? { senderId: record.senderId } : {}),
        ...(record.senderNick ? { senderNick: record.senderNick } : {}),
        busy: worker?.busy ?? false,
        ...(worker?.runningSince ? { runningSince: worker.runningSince } : {}),
        queued: worker?.queued ?? 0,
        lastUsedAt: record.lastUsedAt,
      };
    });
  }

  /** Stops the session's running turn; true when one was running. */
  cancel(key: string): boolean {
    return this.#workers.get(key)?.cancel() ?? false;
  }

  /** Stops the running turn that answers `msgId`; true when one was running. */
  cancelTurnOf(msgId: string): boolean {
    for (const worker of this.#workers.values()) {
      if (worker.runningTurn?.turns.some((turn) => turn.msgId === msgId)) return worker.cancel();
    }
    return false;
  }

  /** Forgets the session: the next message starts a fresh one. */
  clear(key: string): boolean {
    const existed = this.#store.get(key) !== undefined || this.#live.has(key);
    this.#clears.set(key, (this.#clears.get(key) ?? 0) + 1);
    this.#workers.get(key)?.cancelAll();
    this.#workers.delete(key);
    const live = this.#live.get(key);
    if (live) this.#keyOfSession.delete(live.sessionId);
    this.#live.delete(key);
    this.#store.delete(key);
    if (existed) this.emit('sessionChanged', { key, change: 'cleared' });
    return existed;
  }

  answerPermission(id: string, decision: PermissionDecision, via: OperatorSide = 'app'): boolean {
    return this.permissions.answer(id, decision, via);
  }

  /** Starts the agent now, so that the first message costs one turn and not a start-up as well. */
  warmUp(): void {
    this.#supervisor.warmUp();
  }

  async stop(): Promise<void> {
    clearInterval(this.#idleTimer);
    clearTimeout(this.#spareTimer);
    for (const worker of this.#workers.values()) worker.cancelAll();
    this.permissions.cancelAll();
    await this.#link?.close();
    await this.#supervisor.stop();
    await this.#store.flush();
  }

  /**
   * `turn`: a message for `key`. Under `user` and `thread` all of a key's messages are of one conversation, whose
   * settings decide the dispatch mode.
   */
  #worker(key: string, turn: TurnInput): SessionWorker {
    let worker = this.#workers.get(key);
    if (!worker) {
      worker = new SessionWorker({
        key,
        dispatchMode: this.#dispatchModeOf(turn),
        instructions: this.#options.instructions,
        timeouts: this.#timeouts,
        logger: this.#options.logger,
        prepare: (turn, reply) => this.#prepare(key, turn, reply),
        instructed: (sessionKey) => {
          const live = this.#live.get(sessionKey);
          if (live) live.instructed = true;
        },
        listen: (sessionId, onUpdate) => {
          this.#listeners.set(sessionId, onUpdate);
          return () => {
            if (this.#listeners.get(sessionId) === onUpdate) this.#listeners.delete(sessionId);
          };
        },
        turnStarted: (info) => this.emit('turnStarted', info),
        toolCall: (info) => this.emit('toolCall', info),
        turnFinished: (info) => {
          // Quiet is counted from the end of the last turn, not its start: a long turn is not idle time.
          if (this.#store.get(key)) this.#store.touch(key, Date.now());
          this.#openSpareWhenQuiet();
          this.emit('turnFinished', info);
          const unavailable = this.#unavailable.get(key);
          this.#unavailable.delete(key);
          if (unavailable && info.outcome === 'failed') this.emit('sessionUnavailable', unavailable);
        },
      });
      this.#workers.set(key, worker);
    }
    return worker;
  }

  #dispatchModeOf(turn: TurnInput): DispatchMode {
    const { sessionScope, dispatchMode, dispatchModeIn } = this.#options;
    return (sessionScope === 'single' ? undefined : dispatchModeIn?.(turn)) ?? dispatchMode;
  }

  /** The agent and the ACP session for a turn: reused, resumed after a restart, or new. */
  async #prepare(key: string, turn: TurnInput, reply: TurnReply): Promise<PreparedSession> {
    const clears = this.#clears.get(key);
    // The clear cancelled this turn too: what it was preparing is handed back unused, and kept for no one.
    const clearedMeanwhile = () => this.#clears.get(key) !== clears;
    const agent = await this.#startAgent(key, turn);
    const generation = this.#supervisor.generation;
    const now = Date.now();
    const live = this.#live.get(key);
    if (live && live.generation === generation) {
      this.#store.touch(key, now);
      return { agent, sessionId: live.sessionId, firstTurn: !live.instructed };
    }
    const saved = this.#store.get(key);
    if (saved && agent.capabilities.loadSession) {
      try {
        await agent.loadSession(saved.sessionId, this.#options.cwd, this.#tools(saved.sessionId).servers);
        if (clearedMeanwhile()) return { agent, sessionId: saved.sessionId, firstTurn: false };
        this.#adopt(key, saved.sessionId, generation, true);
        this.#supervisor.sessionStarted();
        this.#store.touch(key, now);
        this.emit('sessionChanged', { key, change: 'resumed', sessionId: saved.sessionId });
        return { agent, sessionId: saved.sessionId, firstTurn: false };
      } catch (error) {
        this.#options.logger.warn('The agent could not resume a session; starting a new one', { key, error: String(error) });
      }
    }
    if (saved) {
      this.emit('sessionChanged', { key, change: 'lost', sessionId: saved.sessionId });
      await reply.say({ say: 'session-lost' }, 'notice').catch(() => undefined);
    }
    const created = await this.#newSession(agent, key, turn);
    await this.#applyModel(agent, created);
    if (clearedMeanwhile()) return { agent, sessionId: created.sessionId, firstTurn: true };
    this.#adopt(key, created.sessionId, generation, false);
    this.#store.set(key, {
      sessionId: created.sessionId,
      conversationId: turn.conversationId,
      conversationType: turn.conversationType,
      ...(turn.conversationTitle ? { conversationTitle: turn.conversationTitle } : {}),
      ...(this.#options.sessionScope === 'user' ? { senderId: turn.senderId, senderNick: turn.senderNick } : {}),
      createdAt: now,
      lastUsedAt: now,
    });
    this.emit('sessionChanged', { key, change: 'created', sessionId: created.sessionId });
    return { agent, sessionId: created.sessionId, firstTurn: true };
  }

  async #startAgent(key: string, turn: TurnInput): Promise<AgentProcess> {
    try {
      return await this.#supervisor.ensure();
    } catch (error) {
      if (!this.#supervisor.stopping) this.#noteUnavailable(key, turn, error);
      throw error;
    }
  }

  /**
   * Opens a spare session on the running agent, unless it has one: not for the built-in demo, which opens at once,
   * nor for an agent that needs a login and would refuse it.
   */
  #openSpare(): void {
    const agent = this.#supervisor.current;
    const { generation } = this.#supervisor;
    if (!agent || this.#launch.builtin || this.#supervisor.state.status !== 'ready' || this.#spare?.generation === generation) return;
    const tools = this.#tools();
    const session = agent
      .newSession(this.#options.cwd, tools.servers)
      .then((created) => {
        tools.bind(created.sessionId);
        return created;
      })
      .catch((error: unknown) => {
        // The conversation that would have taken it opens its own and meets the same trouble, said to its person.
        this.#options.logger.info('The agent could not open a session ahead of need', { error: String(error) });
        return undefined;
      });
    this.#spare = { generation, session };
  }

  /**
   * The next spare, once no turn has run for a moment: opened while someone waits for an answer, it would make
   * them wait longer.
   */
  #openSpareWhenQuiet(): void {
    clearTimeout(this.#spareTimer);
    // Most turns are in conversations that have their session: the spare waiting for a new one is still there.
    if (this.#spare?.generation === this.#supervisor.generation) return;
    this.#spareTimer = setTimeout(() => {
      if ([...this.#workers.values()].every((worker) => worker.idle)) this.#openSpare();
      else this.#openSpareWhenQuiet();
    }, SPARE_QUIET_MS).unref();
  }

  /** The spare session of the running agent, once: the next is opened when turns have stopped for a moment. */
  async #takeSpare(): Promise<acp.NewSessionResponse | undefined> {
    const spare = this.#spare;
    if (!spare || spare.generation !== this.#supervisor.generation) return undefined;
    this.#spare = undefined;
    return spare.session;
  }

  async #newSession(agent: AgentProcess, key: string, turn: TurnInput): Promise<acp.NewSessionResponse> {
    const spare = await this.#takeSpare();
    if (spare) {
      this.#supervisor.sessionStarted();
      return spare;
    }
    try {
      const tools = this.#tools();
      const created = await agent.newSession(this.#options.cwd, tools.servers);
      tools.bind(created.sessionId);
      this.#supervisor.sessionStarted();
      return created;
    } catch (error) {
      if (error instanceof AgentError && error.needsLogin) {
        this.#supervisor.needsLogin(error);
        this.#noteUnavailable(key, turn, error);
      }
      throw error;
    }
  }

  /**
   * The file tool for a session about to be opened (`sessionId` when it is known, as on resuming): its MCP server,
   * reaching the link with a token of its own; `bind` names the session once the agent has opened it.
   */
  #tools(sessionId?: string): { servers: acp.McpServer[]; bind: (sessionId: string) => void } {
    const { filesTool } = this.#options;
    const link = this.#link;
    if (!filesTool || !link) return { servers: [], bind: () => undefined };
    const ref = randomUUID();
    if (sessionId) this.#sessionOfRef.set(ref, sessionId);
    const { token } = link.issue(ref);
    return { servers: [mcpServerFor(filesTool, link.url, token)], bind: (opened) => this.#sessionOfRef.set(ref, opened) };
  }

  /** The file tool asks to send a file: it goes to the conversation of the turn its session is answering now. */
  async #fileAsked(ref: string, request: FileToolRequest): Promise<FileAnswer> {
    const sessionId = this.#sessionOfRef.get(ref);
    const key = sessionId ? this.#keyOfSession.get(sessionId) : undefined;
    const reply = key ? this.#workers.get(key)?.runningTurn?.reply : undefined;
    if (!reply?.file) return NO_TURN;
    return reply.file({ asked: request.path, want: request.tool === 'send_image' ? 'image' : 'any', via: 'tool', ...(request.caption ? { caption: request.caption } : {}) });
  }

  #noteUnavailable(key: string, turn: TurnInput, error: unknown): void {
    const needsLogin = error instanceof AgentError && error.needsLogin;
    const launch = this.#launch;
    this.#unavailable.set(key, {
      key,
      conversationId: turn.conversationId,
      problem: needsLogin ? 'needs-login' : 'cannot-start',
      agent: this.#supervisor.agentName,
      reason: error instanceof AgentError ? error.summary : error instanceof Error ? error.message : String(error),
      ...(error instanceof AgentError && error.problem ? { agentProblem: error.problem } : {}),
      ...(needsLogin && launch.login ? { login: launch.login } : {}),
      demo: launch.builtin === 'demo',
    });
  }

  /**
   * Lets go of the sessions quiet for `idleMs`; the agent resumes each from its file when its person writes again.
   * An agent that can be told frees each at once; one that cannot is restarted once nothing is under way.
   */
  #releaseIdle(): void {
    const agent = this.#supervisor.current;
    // An agent that cannot resume a session would lose its conversation: then every session is kept.
    if (!agent?.capabilities.loadSession) return;
    const { generation } = this.#supervisor;
    const now = Date.now();
    for (const [key, live] of this.#live) {
      if (this.#workers.get(key)?.idle === false) continue;
      if (now - (this.#store.get(key)?.lastUsedAt ?? 0) < this.#timeouts.idleMs) continue;
      this.#workers.delete(key);
      this.#live.delete(key);
      this.#keyOfSession.delete(live.sessionId);
      if (live.generation !== generation) continue;
      if (agent.capabilities.closeSession) {
        agent.closeSession(live.sessionId).catch((error: unknown) => this.#options.logger.warn('The agent could not let go of an idle session', { key, error: String(error) }));
      } else {
        this.#heldByAgent += 1;
      }
      this.emit('sessionChanged', { key, change: 'released', sessionId: live.sessionId });
    }
    if (this.#heldByAgent > 0 && [...this.#workers.values()].every((worker) => worker.idle) && this.permissions.pending().length === 0) {
      this.#heldByAgent = 0;
      void this.#supervisor.recycle();
    }
  }

  #adopt(key: string, sessionId: string, generation: number, instructed: boolean): void {
    const previous = this.#live.get(key);
    if (previous) this.#keyOfSession.delete(previous.sessionId);
    this.#live.set(key, { sessionId, generation, instructed });
    this.#keyOfSession.set(sessionId, key);
  }

  /** Chooses the channel's model through the session's "model" setting, for agents that take it that way. */
  async #applyModel(agent: AgentProcess, session: acp.NewSessionResponse): Promise<void> {
    const model = this.#options.model;
    if (!model) return;
    const option = session.configOptions?.find((candidate) => candidate.category === 'model' && candidate.type === 'select');
    if (!option || option.type !== 'select' || option.currentValue === model) return;
    const values = option.options.flatMap((entry) => ('group' in entry ? entry.options : [entry]));
    const match = values.find((entry) => entry.value === model || entry.name === model);
    if (!match) {
      this.#options.logger.warn('The agent does not offer the configured model', { model, offered: values.map((v) => v.value) });
      return;
    }
    await agent.setConfigOption(session.sessionId, option.id, match.value);
  }

  #route(notification: acp.SessionNotification): void {
    const { sessionId, update } = notification;
    if (update.sessionUpdate === 'available_commands_update') this.#commands.set(sessionId, update.availableCommands);
    this.#listeners.get(sessionId)?.(update);
  }

  #answerCommand(command: LocalCommand, key: string, turn: TurnInput): BotSays {
    const worker = this.#workers.get(key);
    const sessionId = this.#live.get(key)?.sessionId;
    return answerCommand(command, {
      agentCommands: () => (sessionId ? this.#commands.get(sessionId) : undefined) ?? [...this.#commands.values()].at(-1) ?? [],
      clear: () => this.clear(key),
      cancel: () => worker?.cancel() ?? false,
      busy: worker?.busy ?? false,
      sessionActive: this.#store.get(key) !== undefined,
      agentState: this.#supervisor.state,
      folder: this.#options.cwd,
      ...(this.#options.model ? { model: this.#options.model } : {}),
      permissions: this.#options.permissions,
      answerInChat: (decision, code) => this.permissions.answerInChat({ conversationId: turn.conversationId, staffId: turn.senderId, nick: turn.senderNick }, decision, code),
    });
  }

  /**
   * Asked in the conversation of the turn the agent is working on, of the people whose messages it answers: in a
   * shared session, the last message to arrive says neither where nor whose.
   */
  async #requestPermission(request: acp.RequestPermissionRequest, signal: AbortSignal): Promise<acp.RequestPermissionResponse> {
    const key = this.#keyOfSession.get(request.sessionId) ?? request.sessionId;
    const running = this.#workers.get(key)?.runningTurn;
    return this.permissions.request(
      {
        sessionKey: key,
        conversationId: running?.turns.at(-1)?.conversationId ?? this.#store.get(key)?.conversationId ?? '',
        requesters: sendersOf(running?.turns ?? []),
        notify: async (says) => {
          await running?.reply.say(says, 'notice');
        },
      },
      request,
      signal,
    );
  }
}

/** What the file tool hears when its session is answering no message: there is no conversation to send to. */
const NO_TURN: FileAnswer = {
  ok: false,
  text: 'Not sent: this session is not answering a message right now, so there is no conversation to send the file to. Send files while you answer one.',
};

/** Each person once, the sender of the last message last. */
function sendersOf(turns: TurnInput[]): ChatPerson[] {
  const people = new Map<string, ChatPerson>();
  for (const turn of turns) {
    people.delete(turn.senderId);
    people.set(turn.senderId, { staffId: turn.senderId, nick: turn.senderNick });
  }
  return [...people.values()];
}

/** What a channel's agent starts with; Qwen Code, with its chat defaults kept beside the channel's sessions. */
function agentEnvOf({ agent, agentEnv, dataDir }: AgentRuntimeOptions): AgentEnvProvider | undefined {
  if (agent.preset !== 'qwen' || !dataDir) return agentEnv;
  return withQwenChatDefaults(agentEnv ?? (async () => process.env), dataDir);
}
