import { join } from 'node:path';
import { TypedEmitter } from '../base/typed-emitter.js';
import type { Logger } from '../base/logger.js';
import { makePrivateFolder } from '../base/private-files.js';
import { ReasonedError } from '../base/error-reason.js';
import type { ChannelConfig } from '../config/channel-schema.js';
import { secretValuesOf } from '../config/secret-fields.js';
import { workspaceFolder } from '../config/folders.js';
import { groupSettingsOf } from '../config/group-settings.js';
import { openPlatform, type ChannelPlatform } from './open-platform.js';
import type { ConnectionState } from '../chat/connection-state.js';
import type { ConnectionTiming } from '../platform/dingtalk/connection-timing.js';
import type { InboundEnvelope } from '../platform/dingtalk/envelope.js';
import type { ReplyTarget } from '../chat/reply-target.js';
import type { SendReport } from '../chat/send-report.js';
import type { SimulatorChat } from '../platform/simulator/simulator-chat.js';
import { agentNotice } from './agent-notice.js';
import { PairingStore, type ApprovedUser, type PendingPairing, type RefusedPairing } from '../access/pairing-store.js';
import type { FilesToolLaunch } from '../agents/files-tool.js';
import type { OperatorSide } from '../agents/permission-broker.js';
import { cleanScratch } from '../agents/outgoing-file.js';
import { AgentRuntime, type SessionInfo } from '../agents/agent-runtime.js';
import type { CrashPolicy } from '../agents/agent-supervisor.js';
import type { AgentState } from '../agents/agent-state.js';
import type { AgentEnvProvider } from '../agents/agent-process.js';
import type { PendingPermission, PermissionDecision } from '../agents/permission-broker.js';
import { ApprovalError, RememberedApprovals } from '../agents/remembered-approvals.js';
import type { RememberedApproval } from '../agents/permission-schema.js';
import { AnswerJournal } from '../reply/answer-journal.js';
import { HeldReplies } from '../reply/held-replies.js';
import { ReplyDelivery } from '../reply/reply-delivery.js';
import { CHANNEL_WORDS } from '../reply/words/channel-words.js';
import type { EventLog } from '../events/event-log.js';
import type { ChannelLogEvent, NewLogEvent } from '../events/event-schema.js';
import { MessageContext } from '../events/message-context.js';
import type { ChannelProblem, ChannelStatus, ChannelWhy } from '../events/channel-status.js';
import { channelStateDir } from './channel-state.js';
import { ChannelRun } from './channel-run.js';
import { CardPause, type CardsPaused } from '../reply/card-pause.js';
import type { ApiCallCount } from '../platform/chat-platform.js';

export interface ChannelSnapshot {
  name: string;
  status: ChannelStatus;
  reason?: string;
  /** The reason as a code, when it has one. */
  problem?: ChannelProblem;
  connection: ConnectionState;
  agent: AgentState;
  heldReplies?: number;
  /** Set to answer in AI cards, it answers in messages for now: why, and until when. */
  cardsPaused?: CardsPaused;
  /** The calls the bot's app has made to DingTalk's metered API, today and this month. */
  apiCalls?: ApiCallCount;
}

export interface ChannelDeps {
  /** The app's data folder; each channel keeps its state in `channels/<name>/` below it. */
  dataDir: string;
  events: EventLog;
  logger: Logger;
  connectionTiming?: Partial<ConnectionTiming>;
  /** The window of DingTalk's per-minute webhook limit; tests shrink it. */
  rateWindowMs?: number;
  retryWaitMs?: number;
  crashPolicy?: Partial<CrashPolicy>;
  agentEnv?: AgentEnvProvider;
  /** How the agents start the file tool, when this shell has a Node to run it with. */
  filesTool?: FilesToolLaunch;
  /** How often replies DingTalk did not take are tried again, and how long before they are given up. */
  heldReplies?: { retryMs?: number; maxHoldMs?: number };
  /** How long a channel answers in messages after an AI card could not be made; tests shorten it. */
  cardPauseMs?: number;
}

export type ChannelEvents = {
  changed: [ChannelSnapshot];
  pairingChanged: [];
  permissionRequested: [PendingPermission];
  permissionAnswered: [{ id: string; decision: string; by: string }];
  sessionsChanged: [];
  simulatorChanged: [];
};

const HELD_RETRY_MS = 60_000;
/** How often a changing API call count is told to the window and the tray. */
const COUNT_CHANGE_MS = 2_000;
const MAX_HOLD_MS = 24 * 3_600_000;

/**
 * One bot: platform → access control → agent → reply, every step recorded in the event log. A failure in one
 * message never stops the channel; a channel that cannot run says why and leaves the others alone. This file is
 * the wiring and the channel's controls; each step is a file of its own beside it.
 */
export class Channel extends TypedEmitter<ChannelEvents> {
  readonly #deps: ChannelDeps;
  readonly #dir: string;
  #status: ChannelStatus = 'stopped';
  #why: ChannelWhy | undefined;
  #platform: ChannelPlatform | undefined;
  #simulator: SimulatorChat | undefined;
  #runtime: AgentRuntime | undefined;
  #pairing: PairingStore | undefined;
  #remembered: RememberedApprovals | undefined;
  #journal: AnswerJournal | undefined;
  /** Kept after a stop, so the channel still says how many replies wait to be sent. */
  #delivery: ReplyDelivery<InboundEnvelope> | undefined;
  #heldTimer: NodeJS.Timeout | undefined;
  /** Aborted by `stop`: the work of this run ends, and a round of held replies under way. */
  #running = new AbortController();
  #run: ChannelRun | undefined;
  readonly #context = new MessageContext();
  /** Set while a change of the API call count waits to be told: a busy bot makes dozens a second. */
  #countTimer: NodeJS.Timeout | undefined;
  #stopCounting: (() => void) | undefined;
  /** Made afresh at each start: a stop and start is how the operator says they have mended what paused the cards. */
  #cardPause: CardPause;

  constructor(
    readonly name: string,
    readonly config: ChannelConfig,
    deps: ChannelDeps,
  ) {
    super();
    this.#deps = deps;
    this.#dir = channelStateDir(deps.dataDir, name);
    this.#cardPause = new CardPause(deps.cardPauseMs);
    for (const secret of secretValuesOf(config)) deps.events.redactor.addSecret(secret);
  }

  snapshot(): ChannelSnapshot {
    const held = this.#delivery?.heldCount ?? 0;
    const cardsPaused = this.config.replyStyle === 'card' ? this.#cardPause.paused : undefined;
    return {
      name: this.name,
      status: this.#status,
      ...this.#why,
      connection: this.#platform?.state ?? { status: 'stopped' },
      agent: this.#runtime?.agentState ?? { status: 'idle' },
      ...(held ? { heldReplies: held } : {}),
      ...(cardsPaused ? { cardsPaused } : {}),
      ...(this.#platform?.metered ? { apiCalls: this.#platform.metered.calls } : {}),
    };
  }

  async start(): Promise<void> {
    if (this.#status === 'starting' || this.#status === 'running') return;
    this.#setStatus('starting');
    const { config } = this;
    const logger = this.#deps.logger;
    let opened: ChannelPlatform | undefined;
    let held: HeldReplies | undefined;
    try {
      this.#pairing = await PairingStore.open(join(this.#dir, 'pairing.json'), logger);
      this.#remembered = await RememberedApprovals.open(join(this.#dir, 'remembered-approvals.json'), logger);
      const { platform, simulator } = await openPlatform(config, { ...this.#deps, dataDir: this.#dir, usageDir: join(this.#deps.dataDir, 'api-usage') });
      opened = platform;
      this.#simulator = simulator;
      simulator?.on('changed', () => this.emit('simulatorChanged'));
      this.#journal = platform.remembers ? await AnswerJournal.open(join(this.#dir, 'pending-answers.jsonl'), logger, join(this.#dir, 'pending-answers.json')) : undefined;
      held = platform.remembers
        ? await HeldReplies.open(join(this.#dir, 'held-replies.jsonl'), logger, {
            maxHoldMs: this.#deps.heldReplies?.maxHoldMs ?? MAX_HOLD_MS,
            snapshotFile: join(this.#dir, 'held-replies.json'),
          })
        : undefined;
      const cwd = await this.#workingFolder();
      // Zips of sends a crash cut short; those of files still held are younger than a day and stay.
      cleanScratch(join(this.#dir, 'outbox')).catch((error: unknown) => logger.warn('Could not clean up the zips of files sent earlier', { error: String(error) }));
      const runtime = await AgentRuntime.create({
        agent: config.agent,
        cwd,
        model: config.model,
        instructions: config.instructions,
        sessionScope: config.sessionScope,
        dispatchMode: config.dispatchMode,
        dispatchModeIn: (conversation) => (conversation.conversationType === 'group' ? groupSettingsOf(config, conversation.conversationId).dispatchMode : undefined),
        permissions: config.permissions,
        approvers: config.approvers,
        remembered: this.#remembered,
        timeouts: config.timeouts,
        crashPolicy: this.#deps.crashPolicy,
        agentEnv: this.#deps.agentEnv,
        ...(this.#deps.filesTool ? { filesTool: this.#deps.filesTool } : {}),
        dataDir: this.#dir,
        logger,
      });
      this.#running = new AbortController();
      this.#cardPause = new CardPause(this.#deps.cardPauseMs);
      const delivery = new ReplyDelivery({
        platform,
        journal: this.#journal,
        held,
        context: this.#context,
        logger,
        record: (event) => this.#record(event),
        heldChanged: () => this.emit('changed', this.snapshot()),
        signal: this.#running.signal,
      });
      const run = new ChannelRun({
        config,
        dir: this.#dir,
        cwd,
        platform,
        runtime,
        pairing: this.#pairing,
        journal: this.#journal,
        delivery,
        context: this.#context,
        cardPause: this.#cardPause,
        signal: this.#running.signal,
        logger,
        record: (event) => this.#record(event),
        cardsPaused: () => this.emit('changed', this.snapshot()),
        connectionState: (state) => {
          if (state.status === 'failed') this.#setStatus('failed', { reason: state.reason, ...(state.problem ? { problem: { code: 'connection', connection: state.problem } } : {}) });
          else this.emit('changed', this.snapshot());
        },
        agentState: (state) => {
          if (state.status === 'failed') void this.#failAfterReplies({ reason: state.reason, ...(state.problem ? { problem: { code: 'agent', agent: state.problem } } : {}) });
          else this.emit('changed', this.snapshot());
        },
        pairingChanged: () => this.emit('pairingChanged'),
        sessionsChanged: () => this.emit('sessionsChanged'),
        permissionRequested: (pending) => this.emit('permissionRequested', pending),
        permissionAnswered: (answer) => this.emit('permissionAnswered', answer),
        sessionUnavailable: (info) => this.#simulator?.addNotice(agentNotice(info)),
      });
      this.#platform = platform;
      this.#stopCounting = platform.metered?.on('changed', () => this.#countChanged());
      this.#runtime = runtime;
      this.#delivery = delivery;
      this.#run = run;
      run.start();
      this.#heldTimer = setInterval(() => delivery.resendHeldInBackground(), this.#deps.heldReplies?.retryMs ?? HELD_RETRY_MS).unref();
      this.#setStatus('running');
      run.resume();
    } catch (error) {
      // What this start opened is let go of, so a later start opens each file once.
      await opened?.stop();
      this.#journal?.close();
      this.#journal = undefined;
      held?.close();
      this.#simulator = undefined;
      this.#setStatus('failed', { reason: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The machine woke from sleep: a running channel replaces its connection now. */
  woke(): void {
    this.#platform?.woke();
  }

  async stop(status: ChannelStatus = 'stopped', why?: ChannelWhy): Promise<void> {
    const platform = this.#platform;
    const runtime = this.#runtime;
    this.#platform = undefined;
    this.#runtime = undefined;
    this.#run = undefined;
    clearInterval(this.#heldTimer);
    this.#stopCounting?.();
    clearTimeout(this.#countTimer);
    this.#countTimer = undefined;
    this.#running.abort();
    await Promise.all([platform?.stop(), runtime?.stop(), this.#pairing?.flush(), this.#remembered?.flush()]);
    this.#journal?.close();
    await this.#delivery?.close();
    this.#simulator = undefined;
    this.#setStatus(status, why);
  }

  #countChanged(): void {
    this.#countTimer ??= setTimeout(() => {
      this.#countTimer = undefined;
      this.emit('changed', this.snapshot());
    }, COUNT_CHANGE_MS).unref();
  }

  /** The agent is gone for good: let the replies already on their way (which say why) go out, then stop. */
  async #failAfterReplies(why: ChannelWhy): Promise<void> {
    await this.#run?.settle(10_000);
    await this.stop('failed', why);
  }

  /** The folder the settings name, or a simulator's own, made private on its first start. */
  async #workingFolder(): Promise<string> {
    if (this.config.cwd !== undefined) return this.config.cwd;
    const folder = workspaceFolder(this.#deps.dataDir, this.name);
    await makePrivateFolder(folder);
    return folder;
  }

  /** The stand-in DingTalk of a simulator channel while it runs. */
  get simulator(): SimulatorChat | undefined {
    return this.#simulator;
  }

  pairingRequests(): PendingPairing[] {
    return this.#pairing?.pending() ?? [];
  }

  approvedUsers(): ApprovedUser[] {
    return this.#pairing?.approved() ?? [];
  }

  refusedPairings(): RefusedPairing[] {
    return this.#pairing?.refused() ?? [];
  }

  /** Clears a refused pairing request from the operator's list (all of them without a staffId). */
  clearRefused(staffId?: string): boolean {
    const cleared = this.#requirePairing().clearRefused(staffId);
    if (cleared) this.emit('pairingChanged');
    return cleared;
  }

  /** Approves a code from the app or the CLI: tells the person, then answers the message that asked. */
  async approvePairing(code: string): Promise<PendingPairing> {
    const request = this.#requirePairing().approve(code);
    this.#record({ kind: 'pairing.approved', staffId: request.staffId, nick: request.nick, code: request.code, conversationId: request.conversationId });
    this.emit('pairingChanged');
    await this.#tell(request, CHANNEL_WORDS.approved(this.config.chatLanguage));
    const message = this.#askedWith(request);
    if (message) void this.#run?.answer(message);
    return request;
  }

  async denyPairing(code: string): Promise<PendingPairing> {
    const request = this.#requirePairing().deny(code);
    this.#record({ kind: 'pairing.denied', staffId: request.staffId, nick: request.nick, code: request.code, conversationId: request.conversationId });
    this.emit('pairingChanged');
    await this.#tell(request, CHANNEL_WORDS.denied(this.config.chatLanguage));
    return request;
  }

  /** Lets a sender in straight from the app (the log's "allow this sender"). */
  allowSender(staffId: string, nick: string): ApprovedUser {
    const user = this.#requirePairing().allow(staffId, nick);
    this.#record({ kind: 'pairing.approved', staffId, nick, detail: 'allowed from the app' });
    this.emit('pairingChanged');
    return user;
  }

  revoke(staffId: string): ApprovedUser {
    const user = this.#requirePairing().revoke(staffId);
    this.#record({ kind: 'pairing.revoked', staffId, nick: user.nick });
    this.emit('pairingChanged');
    return user;
  }

  sessions(): SessionInfo[] {
    return this.#runtime?.sessions() ?? [];
  }

  cancelSession(key: string): boolean {
    return this.#runtime?.cancel(key) ?? false;
  }

  clearSession(key: string): boolean {
    return this.#runtime?.clear(key) ?? false;
  }

  pendingPermissions(): PendingPermission[] {
    return this.#runtime?.permissions.pending() ?? [];
  }

  answerPermission(id: string, decision: PermissionDecision, via: OperatorSide = 'app'): boolean {
    return this.#runtime?.answerPermission(id, decision, via) ?? false;
  }

  /** The exact commands the agent runs without asking, until revoked. */
  rememberedApprovals(): RememberedApproval[] {
    return this.#remembered?.list() ?? [];
  }

  revokeApproval(id: string): RememberedApproval {
    if (!this.#remembered) throw new ApprovalError({ code: 'channel-not-started', channel: this.name });
    const approval = this.#remembered.revoke(id);
    this.#record({ kind: 'agent.permission.revoked', approvalId: approval.id, title: approval.title, ...(approval.detail ? { detail: approval.detail } : {}) });
    return approval;
  }

  /** Sends a message of the operator's own to a conversation through the Open API (the log's "send a test message"). */
  async sendMessage(target: ReplyTarget, text: string): Promise<SendReport> {
    if (!this.#platform || !this.#delivery) throw new ReasonedError({ code: 'channel-not-running', channel: this.name });
    return this.#delivery.sendForOperator(target, text);
  }

  /** Pairing news goes to the person directly: in their DM when the request came from one, else by staffId. */
  async #tell(request: PendingPairing, text: string): Promise<void> {
    const platform = this.#platform;
    if (!platform || !this.#delivery) return;
    const message = this.#askedWith(request);
    const target: ReplyTarget =
      message && request.conversationType === 'dm'
        ? platform.replyTargetOf(message)
        : { conversationId: `dm:${request.staffId}`, conversationType: 'dm', staffId: message?.sender.staffId ?? request.staffId };
    await this.#delivery.deliver(target, text, 'notice', request.message?.msgId);
  }

  /** The message a pairing request was made with, as the platform reads it back. */
  #askedWith(request: PendingPairing): InboundEnvelope | undefined {
    return request.message && this.#platform?.revive(request.message);
  }

  #requirePairing(): PairingStore {
    if (!this.#pairing) throw new ReasonedError({ code: 'channel-not-started', channel: this.name });
    return this.#pairing;
  }

  #record(event: ChannelLogEvent): void {
    this.#deps.events.append({ ...event, channel: this.name } as NewLogEvent);
  }

  #setStatus(status: ChannelStatus, why?: ChannelWhy): void {
    this.#status = status;
    this.#why = why;
    this.#record({ kind: 'channel.state', status, ...why });
    this.emit('changed', this.snapshot());
  }
}
