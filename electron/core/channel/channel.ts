import { join } from 'node:path';
import { TypedEmitter } from '../base/typed-emitter.js';
import type { Logger } from '../base/logger.js';
import type { ChannelConfig } from '../config/channel-schema.js';
import { secretValuesOf } from '../config/secret-fields.js';
import { DingTalkBot, replyTargetOf } from '../platform/dingtalk/dingtalk-bot.js';
import type { InboundEnvelope } from '../platform/dingtalk/envelope.js';
import type { ConnectionState } from '../platform/dingtalk/connection-state.js';
import { DEFAULT_CONNECTION_TIMING, type ConnectionTiming } from '../platform/dingtalk/connection-timing.js';
import type { ReplyTarget, SendReport } from '../platform/dingtalk/outbound.js';
import { AgentRuntime, type SessionInfo } from '../agents/agent-runtime.js';
import type { AgentState, CrashPolicy } from '../agents/agent-supervisor.js';
import type { AgentEnvProvider } from '../agents/agent-process.js';
import type { PendingPermission, PermissionDecision } from '../agents/permission-broker.js';
import { ApprovalError, RememberedApprovals } from '../agents/remembered-approvals.js';
import type { RememberedApproval } from '../agents/permission-schema.js';
import type { ReplyKind, SavedFile, TurnInput } from '../agents/turn-input.js';
import { checkGroup } from '../access/group-gate.js';
import { checkSender } from '../access/sender-gate.js';
import { fromOtherOrganisation } from '../platform/dingtalk/sender-identity.js';
import { ACCESS_REASON_TEXT, type AccessReason } from '../access/access-reason.js';
import { AnswerJournal } from '../reply/answer-journal.js';
import { HeldReplies, type ResendOutcome } from '../reply/held-replies.js';
import { PairingStore, type ApprovedUser, type PendingPairing, type RefusedPairing } from '../access/pairing-store.js';
import type { EventLog } from '../events/event-log.js';
import type { ChannelLogEvent, NewLogEvent } from '../events/event-schema.js';
import { MessageContext, replyTextOf, whereOf } from '../events/message-context.js';
import { CHANNEL_MESSAGES } from './channel-words.js';
import type { ChannelProblem, ChannelWhy } from './channel-problem.js';
import { newErrorRef } from '../base/error-ref.js';
import { SimulatorChat } from '../platform/simulator/simulator-chat.js';
import { agentNotice } from '../platform/simulator/agent-notice.js';
import type { BotCredentials } from '../platform/dingtalk/credentials.js';
import type { Endpoints } from '../platform/dingtalk/endpoints.js';
import { workspaceFolder } from '../config/folders.js';
import { channelStateDir } from './channel-state.js';
import { makePrivateFolder } from '../base/private-files.js';
import { ReasonedError } from '../base/error-reason.js';

export type ChannelStatus = 'stopped' | 'starting' | 'running' | 'failed';

export interface ChannelSnapshot {
  name: string;
  status: ChannelStatus;
  reason?: string;
  /** The reason as a code, when it has one. */
  problem?: ChannelProblem;
  connection: ConnectionState;
  agent: AgentState;
  heldReplies?: number;
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
  /** How often replies DingTalk did not take are tried again, and how long before they are given up. */
  heldReplies?: { retryMs?: number; maxHoldMs?: number };
}

export type ChannelEvents = {
  changed: [ChannelSnapshot];
  pairingChanged: [];
  permissionRequested: [PendingPermission];
  permissionAnswered: [{ id: string; decision: string; by: string }];
  sessionsChanged: [];
  simulatorChanged: [];
};

/** The fields every reply event has, whatever became of the reply. */
type SentReply = Omit<Extract<ChannelLogEvent, { kind: 'reply.failed' }>, 'kind' | 'error' | 'problem'>;

const PREVIEW_CHARS = 200;
const HELD_RETRY_MS = 60_000;
/** The simulator pings as often as DingTalk's gateway does (every 20–30 s), or more often when the silence limit is shorter. */
const SIMULATOR_PING_MS = 25_000;
const MAX_HOLD_MS = 24 * 3_600_000;

/**
 * One bot: DingTalk → access control → agent → replies, every step recorded in the event log. A failure in
 * one message never stops the channel; a channel that cannot run says why and leaves the others alone.
 */
export class Channel extends TypedEmitter<ChannelEvents> {
  readonly #deps: ChannelDeps;
  readonly #dir: string;
  #status: ChannelStatus = 'stopped';
  #why: ChannelWhy | undefined;
  #bot: DingTalkBot | undefined;
  #runtime: AgentRuntime | undefined;
  #pairing: PairingStore | undefined;
  #remembered: RememberedApprovals | undefined;
  #simulator: SimulatorChat | undefined;
  #journal: AnswerJournal | undefined;
  #held: HeldReplies | undefined;
  #heldTimer: NodeJS.Timeout | undefined;
  /** Aborted by `stop`, which ends a round of held replies under way. */
  #running = new AbortController();
  readonly #refs = new Map<string, string>();
  readonly #context = new MessageContext();
  /** The last message of a turn that gathered several, to the others it answers as well. */
  readonly #gatheredInto = new Map<string, string[]>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    readonly name: string,
    readonly config: ChannelConfig,
    deps: ChannelDeps,
  ) {
    super();
    this.#deps = deps;
    this.#dir = channelStateDir(deps.dataDir, name);
    for (const secret of secretValuesOf(config)) deps.events.redactor.addSecret(secret);
  }

  snapshot(): ChannelSnapshot {
    return {
      name: this.name,
      status: this.#status,
      ...this.#why,
      connection: this.#bot?.state ?? { status: 'stopped' },
      agent: this.#runtime?.agentState ?? { status: 'idle' },
      ...(this.#held?.size ? { heldReplies: this.#held.size } : {}),
    };
  }

  async start(): Promise<void> {
    if (this.#status === 'starting' || this.#status === 'running') return;
    this.#setStatus('starting');
    const { config } = this;
    try {
      this.#pairing = await PairingStore.open(join(this.#dir, 'pairing.json'), this.#deps.logger);
      this.#remembered = await RememberedApprovals.open(join(this.#dir, 'remembered-approvals.json'), this.#deps.logger);
      // A simulator starts empty each time, so there is nothing of its to answer after a restart.
      this.#journal =
        config.type === 'simulator' ? undefined : await AnswerJournal.open(join(this.#dir, 'pending-answers.jsonl'), this.#deps.logger, join(this.#dir, 'pending-answers.json'));
      this.#held =
        config.type === 'simulator'
          ? undefined
          : await HeldReplies.open(join(this.#dir, 'held-replies.jsonl'), this.#deps.logger, {
              maxHoldMs: this.#deps.heldReplies?.maxHoldMs ?? MAX_HOLD_MS,
              snapshotFile: join(this.#dir, 'held-replies.json'),
            });
      const connection = await this.#dingtalk();
      const bot = await DingTalkBot.create({
        credentials: connection.credentials,
        endpoints: connection.endpoints,
        dataDir: this.#dir,
        logger: this.#deps.logger,
        timing: this.#deps.connectionTiming,
        tables: config.tables,
        rateWindowMs: this.#deps.rateWindowMs,
        retryWaitMs: this.#deps.retryWaitMs,
      });
      const runtime = await AgentRuntime.create({
        agent: config.agent,
        cwd: await this.#workingFolder(),
        model: config.model,
        instructions: config.instructions,
        sessionScope: config.sessionScope,
        dispatchMode: config.dispatchMode,
        outputMode: config.outputMode,
        permissions: config.permissions,
        approvers: config.approvers,
        remembered: this.#remembered,
        timeouts: config.timeouts,
        crashPolicy: this.#deps.crashPolicy,
        agentEnv: this.#deps.agentEnv,
        dataDir: this.#dir,
        logger: this.#deps.logger,
      });
      this.#bot = bot;
      this.#runtime = runtime;
      this.#wire(bot, runtime);
      runtime.warmUp();
      bot.start();
      this.#running = new AbortController();
      this.#heldTimer = setInterval(() => this.#resendHeldInBackground(), this.#deps.heldReplies?.retryMs ?? HELD_RETRY_MS).unref();
      this.#setStatus('running');
      this.#resume(bot);
    } catch (error) {
      await this.#simulator?.stop();
      this.#simulator = undefined;
      this.#setStatus('failed', { reason: error instanceof Error ? error.message : String(error) });
    }
  }

  async stop(status: ChannelStatus = 'stopped', why?: ChannelWhy): Promise<void> {
    const bot = this.#bot;
    const runtime = this.#runtime;
    this.#bot = undefined;
    this.#runtime = undefined;
    clearInterval(this.#heldTimer);
    this.#running.abort();
    await Promise.all([bot?.stop(), runtime?.stop(), this.#pairing?.flush(), this.#remembered?.flush()]);
    this.#journal?.close();
    await this.#held?.flush();
    this.#held?.close();
    await this.#simulator?.stop();
    this.#simulator = undefined;
    this.#setStatus(status, why);
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

  /** A real bot's credentials and hosts, or those of a simulator started for this channel. */
  async #dingtalk(): Promise<{ credentials: BotCredentials; endpoints: Endpoints }> {
    const { config } = this;
    if (config.type === 'simulator') {
      const silence = { ...DEFAULT_CONNECTION_TIMING, ...this.#deps.connectionTiming }.serverSilenceMs;
      const simulator = await SimulatorChat.start(Math.min(SIMULATOR_PING_MS, silence / 3));
      simulator.on('changed', () => this.emit('simulatorChanged'));
      this.#simulator = simulator;
      return { credentials: simulator.credentials, endpoints: simulator.endpoints };
    }
    if (!config.clientId || !config.clientSecret) throw new Error('A DingTalk channel needs its AppKey and AppSecret.');
    return {
      credentials: { clientId: config.clientId, clientSecret: config.clientSecret, robotCode: config.robotCode ?? config.clientId },
      endpoints: config.endpoints,
    };
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
    await this.#tell(request, CHANNEL_MESSAGES.approved());
    if (request.message) void this.#answer(request.message);
    return request;
  }

  async denyPairing(code: string): Promise<PendingPairing> {
    const request = this.#requirePairing().deny(code);
    this.#record({ kind: 'pairing.denied', staffId: request.staffId, nick: request.nick, code: request.code, conversationId: request.conversationId });
    this.emit('pairingChanged');
    await this.#tell(request, CHANNEL_MESSAGES.denied());
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

  answerPermission(id: string, decision: PermissionDecision): boolean {
    return this.#runtime?.answerPermission(id, decision) ?? false;
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
    if (!this.#bot) throw new ReasonedError({ code: 'channel-not-running', channel: this.name });
    const report = await this.#bot.send(target, text);
    this.#recordSend(this.#sent(target, undefined, 'notice', text), report);
    return report;
  }

  #requirePairing(): PairingStore {
    if (!this.#pairing) throw new ReasonedError({ code: 'channel-not-started', channel: this.name });
    return this.#pairing;
  }

  #wire(bot: DingTalkBot, runtime: AgentRuntime): void {
    bot.on('state', (state) => {
      this.#record({ kind: 'connection.state', state });
      if (state.status === 'failed') this.#setStatus('failed', { reason: state.reason, ...(state.problem ? { problem: { code: 'connection', connection: state.problem } } : {}) });
      else this.emit('changed', this.snapshot());
      if (state.status === 'connected') this.#resendHeldInBackground();
    });
    bot.on('skipped', (skip) => this.#record({ kind: 'message.skipped', reason: skip.reason, detail: skip.detail, ...(skip.msgId ? { msgId: skip.msgId } : {}) }));
    bot.on('message', (envelope) => void this.#receive(envelope));
    runtime.on('turnStarted', ({ key, msgIds }) => {
      this.#context.turnStarted(key, msgIds);
      const last = msgIds.at(-1);
      if (last !== undefined && msgIds.length > 1) this.#gatheredInto.set(last, msgIds.slice(0, -1));
      this.#record({ kind: 'agent.turn.started', ...this.#context.of(msgIds), sessionKey: key, msgIds });
      this.emit('sessionsChanged');
    });
    runtime.on('toolCall', ({ key, line }) => {
      const msgIds = this.#context.turnOf(key);
      this.#record({ kind: 'agent.tool', ...this.#context.of(msgIds), msgIds, sessionKey: key, line });
    });
    runtime.on('turnFinished', ({ key, msgIds, outcome, durationMs, error }) => {
      const ref = msgIds.map((id) => this.#refs.get(id)).find(Boolean);
      for (const id of msgIds) this.#refs.delete(id);
      this.#context.turnFinished(key);
      this.#record({ kind: 'agent.turn.finished', ...this.#context.of(msgIds), sessionKey: key, msgIds, outcome, durationMs, ...(error ? { error } : {}), ...(ref ? { ref } : {}) });
      this.emit('sessionsChanged');
    });
    runtime.on('sessionChanged', () => this.emit('sessionsChanged'));
    runtime.on('permissionRequested', (pending) => {
      const msgIds = this.#context.turnOf(pending.sessionKey);
      this.#record({
        kind: 'agent.permission.asked',
        ...this.#context.of(msgIds),
        msgIds,
        permissionId: pending.id,
        sessionKey: pending.sessionKey,
        conversationId: pending.conversationId,
        title: pending.title,
        ...(pending.detail ? { detail: pending.detail } : {}),
      });
      this.emit('permissionRequested', pending);
    });
    runtime.on('permissionAnswered', (answer) => {
      const msgIds = this.#context.turnOf(answer.sessionKey);
      const { id, sessionKey, title, detail, decision, by, answerer } = answer;
      this.#record({ kind: 'agent.permission.answered', ...this.#context.of(msgIds), msgIds, permissionId: id, sessionKey, title, ...(detail ? { detail } : {}), decision, by, ...(answerer ? { answerer } : {}) });
      this.emit('permissionAnswered', { id, decision, by });
    });
    runtime.on('sessionUnavailable', (info) => this.#simulator?.addNotice(agentNotice(info)));
    runtime.on('agentState', (state) => {
      this.#record({ kind: 'agent.state', status: state.status, ...('reason' in state ? { reason: state.reason } : {}), ...('problem' in state && state.problem ? { problem: state.problem } : {}) });
      if (state.status === 'failed') void this.#failAfterReplies({ reason: state.reason, ...(state.problem ? { problem: { code: 'agent', agent: state.problem } } : {}) });
      else this.emit('changed', this.snapshot());
    });
  }

  /**
   * What was owed when the app last stopped (or crashed): the messages taken on and not answered, then the ones
   * the bot took and ACKed but had not handed on. A message in both was caught between the two writes.
   */
  #resume(bot: DingTalkBot): void {
    const journal = this.#journal;
    // A simulator starts empty each time: the chats those messages came from are gone.
    if (!journal) {
      for (const envelope of bot.unfinished()) bot.handedOn(envelope.msgId);
      return;
    }
    for (const envelope of journal.pending()) void this.#receive(envelope, { resumed: true });
    for (const envelope of bot.unfinished()) {
      if (journal.has(envelope.msgId)) bot.handedOn(envelope.msgId);
      else void this.#receive(envelope, { resumed: true });
    }
  }

  /** `resumed`: taken on before a restart and not answered then; it goes through the gates again as they are now. */
  async #receive(envelope: InboundEnvelope, { resumed = false } = {}): Promise<void> {
    this.#context.remember(envelope);
    try {
      await this.#admit(envelope, resumed);
    } finally {
      this.#context.forget(envelope.msgId);
    }
  }

  async #admit(envelope: InboundEnvelope, resumed: boolean): Promise<void> {
    const { conversation, sender } = envelope;
    const where = whereOf(envelope);
    const text = envelope.text || envelope.unsupported || envelope.attachments.map((a) => `[${a.kind}${a.fileName ? `: ${a.fileName}` : ''}]`).join(' ');
    this.#record({
      kind: 'message.received',
      ...where,
      msgId: envelope.msgId,
      msgtype: envelope.msgtype,
      preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text,
      mentioned: envelope.isMentioned,
      ...(resumed ? { resumed: true } : {}),
    });
    const decide = (decision: 'admitted' | 'dropped' | 'pairing', reason: AccessReason, detail = '') =>
      this.#record({ kind: 'access.decision', ...where, msgId: envelope.msgId, decision, reason: ACCESS_REASON_TEXT[reason] + detail, reasonCode: reason });
    const drop = (reason: AccessReason) => {
      decide('dropped', reason);
      this.#owedNothing(envelope.msgId);
    };

    const group = checkGroup(envelope, this.config);
    if (!group.admit) {
      drop(group.reason);
      return;
    }
    const pairing = this.#pairing;
    if (!pairing) return;
    const verdict = checkSender({ id: sender.id, otherOrganisation: fromOtherOrganisation(sender.corpId, envelope.botCorpId) }, this.config, pairing);
    if (verdict.admit) {
      decide('admitted', verdict.reason);
      await this.#answer(envelope);
      return;
    }
    if (!verdict.pair) {
      drop(verdict.reason);
      return;
    }
    const ask = pairing.ask({ staffId: sender.id, nick: sender.nick }, conversation, envelope);
    if (ask.status === 'denied') {
      drop('denied');
      return;
    }
    if (ask.status === 'full') {
      drop(ask.limit === 'conversation' ? 'pairing-conversation-full' : 'pairing-full');
      // The operator's list of refused requests changed.
      this.emit('pairingChanged');
      if (ask.sendNotice) await this.#reply(envelope, CHANNEL_MESSAGES.pairingFull(), 'notice');
      return;
    }
    decide('pairing', ask.isNew ? 'pairing-requested' : 'pairing-pending', ` (code ${ask.request.code})`);
    if (ask.isNew) {
      this.#record({ kind: 'pairing.requested', staffId: sender.id, nick: sender.nick, code: ask.request.code, conversationId: conversation.id, msgId: envelope.msgId });
      this.emit('pairingChanged');
    }
    if (ask.sendCode) await this.#reply(envelope, CHANNEL_MESSAGES.pairingCode(sender.nick, ask.request.code), 'notice');
    // The pairing store keeps the message from here on, and answers it once the person is approved.
    await pairing.flush();
    this.#owedNothing(envelope.msgId);
  }

  /** Nothing more is owed to the message here, or whoever owes it has it safe: a restart does not take it on again. */
  #owedNothing(msgId: string): void {
    this.#journal?.done(msgId);
    this.#bot?.handedOn(msgId);
  }

  /** The agent is gone for good: let the replies already on their way (which say why) go out, then stop. */
  async #failAfterReplies(why: ChannelWhy): Promise<void> {
    const settled = Promise.allSettled([...this.#inFlight]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await this.stop('failed', why);
  }

  /** Runs an admitted message through the agent and sends what comes back; until then it is in the journal. */
  #answer(envelope: InboundEnvelope): Promise<void> {
    this.#journal?.add(envelope);
    this.#bot?.handedOn(envelope.msgId);
    // Also for a message answered later than it came, once its sender is approved.
    this.#context.remember(envelope);
    const work = this.#answerNow(envelope).finally(() => {
      this.#inFlight.delete(work);
      this.#gatheredInto.delete(envelope.msgId);
      this.#context.forget(envelope.msgId);
    });
    this.#inFlight.add(work);
    return work;
  }

  async #answerNow(envelope: InboundEnvelope): Promise<void> {
    const bot = this.#bot;
    const runtime = this.#runtime;
    if (!bot || !runtime) return;
    let answered = false;
    const reply = async (text: string, kind: ReplyKind) => {
      if (await this.#reply(envelope, text, kind)) answered = true;
    };
    // A stop cut the work short: the message waits in the journal for the next start, unless its answer is out.
    const interrupted = () => this.#bot !== bot && !answered;
    try {
      const onItsWay = this.#journal?.answerOf(envelope.msgId);
      if (onItsWay) {
        // The agent had answered before the app stopped: only what DingTalk had not taken goes out.
        answered = !onItsWay.rest || (await this.#deliver(onItsWay.target, onItsWay.rest, 'answer', envelope.msgId));
      } else if (envelope.unsupported && !envelope.text && envelope.attachments.length === 0) {
        await reply(CHANNEL_MESSAGES.unsupported(envelope.unsupported), 'notice');
      } else {
        await this.#runTurn(bot, runtime, envelope, reply);
      }
    } catch (error) {
      if (interrupted()) return;
      const ref = newErrorRef();
      this.#record({ kind: 'error', ...this.#context.of([envelope.msgId]), msgId: envelope.msgId, message: 'A message could not be processed', reason: 'message-failed', ref, detail: error instanceof Error ? error.stack ?? error.message : String(error) });
      await reply(CHANNEL_MESSAGES.apology(ref), 'error');
    }
    if (!interrupted()) this.#journal?.done(envelope.msgId);
  }

  async #runTurn(bot: DingTalkBot, runtime: AgentRuntime, envelope: InboundEnvelope, reply: (text: string, kind: ReplyKind) => Promise<void>): Promise<void> {
    const files: SavedFile[] = [];
    for (const attachment of envelope.attachments) {
      try {
        const saved = await bot.download(attachment, join(this.#dir, 'inbox'));
        files.push({ kind: attachment.kind, path: saved.path, mimeType: saved.mimeType, fileName: saved.fileName });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        await reply(CHANNEL_MESSAGES.fileFailed(attachment.fileName ?? attachment.kind, why), 'notice');
      }
    }
    if (!envelope.text && files.length === 0) return;
    const turn: TurnInput = {
      msgId: envelope.msgId,
      conversationId: envelope.conversation.id,
      conversationType: envelope.conversation.type,
      ...(envelope.conversation.title ? { conversationTitle: envelope.conversation.title } : {}),
      senderId: envelope.sender.id,
      senderNick: envelope.sender.nick,
      text: envelope.text,
      ...(envelope.quoted?.text ? { quoted: { text: envelope.quoted.text, ...(envelope.quoted.senderNick ? { senderNick: envelope.quoted.senderNick } : {}) } } : {}),
      files,
    };
    // The 👀 goes on while the agent already works: a reply should never wait for a reaction.
    const working = bot.markWorking(envelope);
    try {
      await runtime.handle(turn, reply);
    } finally {
      await (await working).recall();
    }
  }

  /** True once DingTalk has taken the reply, or it is held to be sent when DingTalk can take it. */
  async #reply(envelope: InboundEnvelope, text: string, kind: ReplyKind): Promise<boolean> {
    if (!this.#bot) return false;
    let out = text;
    if (kind === 'error' && !this.#refs.has(envelope.msgId)) {
      const ref = newErrorRef();
      this.#refs.set(envelope.msgId, ref);
      this.#record({ kind: 'error', ...this.#context.of([envelope.msgId]), msgId: envelope.msgId, message: text, ref });
      out = CHANNEL_MESSAGES.withRef(text, ref);
    }
    return this.#deliver(replyTargetOf(envelope), out, kind, envelope.msgId);
  }

  /** Pairing news goes to the person directly: in their DM when the request came from one, else by staffId. */
  async #tell(request: PendingPairing, text: string): Promise<void> {
    const target: ReplyTarget =
      request.message && request.conversationType === 'dm'
        ? replyTargetOf(request.message)
        : { conversationId: `dm:${request.staffId}`, conversationType: 'dm', staffId: request.message?.sender.staffId ?? request.staffId };
    await this.#deliver(target, text, 'notice', request.message?.msgId);
  }

  /**
   * Sends a reply; one DingTalk does not take after every retry, for a reason that may pass, is held and
   * tried again later rather than lost. Not when the channel stopped meanwhile: the journal re-runs that message.
   */
  async #deliver(target: ReplyTarget, text: string, replyKind: ReplyKind, msgId: string | undefined): Promise<boolean> {
    const bot = this.#bot;
    if (!bot) return false;
    const progress = this.#answerProgress(target, replyKind, msgId);
    progress?.(text);
    // The 👀 stays on meanwhile: the turn is not over for the person until the answer is out.
    const waiting = (waitMs: number) => {
      const { text: _text, ...where } = this.#sent(target, msgId, replyKind, text);
      this.#record({ kind: 'reply.waiting', ...where, waitMs });
    };
    const report = await bot.send(target, text, { ...(progress ? { progress } : {}), waiting });
    // A progress line is news only while the turn runs: one DingTalk could not take is not worth keeping.
    if (report.ok || !report.retryable || !this.#held || this.#bot !== bot || replyKind === 'progress') {
      this.#recordSend(this.#sent(target, msgId, replyKind, text), report);
      if (report.ok && this.#held?.size) this.#resendHeldInBackground();
      return report.ok;
    }
    const error = report.error ?? 'unknown error';
    // On disk when it returns, before the journal lets the message go.
    this.#held.hold({ target, text: report.undelivered ?? text, replyKind, ...(msgId ? { msgId } : {}), error });
    this.#record({ kind: 'reply.held', ...this.#sent(target, msgId, replyKind, text), error, ...(report.problem ? { problem: report.problem } : {}) });
    this.emit('changed', this.snapshot());
    return true;
  }

  /** For an answer owed to a message: records how much is still to go out, so a crash mid-send repeats nothing. */
  #answerProgress(target: ReplyTarget, replyKind: ReplyKind, msgId: string | undefined): ((rest: string) => void) | undefined {
    const journal = this.#journal;
    if (replyKind !== 'answer' || msgId === undefined || !journal?.has(msgId)) return undefined;
    return (rest) => {
      journal.answering(msgId, target, rest);
      // The messages gathered into this turn are answered by it: once the journal carries the answer, a crash while
      // it is sent must not ask the agent about them again.
      for (const gathered of this.#gatheredInto.get(msgId) ?? []) journal.done(gathered);
      this.#gatheredInto.delete(msgId);
    };
  }

  #resendHeldInBackground(): void {
    this.#resendHeld().catch((error: unknown) => this.#deps.logger.error('Trying the held replies again failed', { error: String(error) }));
  }

  async #resendHeld(): Promise<void> {
    const bot = this.#bot;
    if (!bot || !this.#held?.size) return;
    const signal = this.#running.signal;
    const outcomes = await this.#held.resend((target, text, { progress }) => bot.send(target, text, { signal, ...(progress ? { progress } : {}) }), signal);
    for (const outcome of outcomes) this.#recordResend(outcome);
    if (outcomes.some((outcome) => outcome.result !== 'still-held')) this.emit('changed', this.snapshot());
  }

  #recordResend({ held, ...outcome }: ResendOutcome): void {
    const where = this.#sent(held.target, held.msgId, held.replyKind, held.text);
    if (outcome.result === 'sent') {
      const { report } = outcome;
      this.#record({ kind: 'reply.sent', ...where, path: report.path, chunks: report.chunks, heldForMs: Date.now() - held.heldAt });
    } else if (outcome.result === 'failed') {
      this.#record({ kind: 'reply.failed', ...where, error: outcome.error });
    }
  }

  /** What a reply event says of the reply: where it went, for which message, and what it said. */
  #sent(target: ReplyTarget, msgId: string | undefined, replyKind: ReplyKind, text: string): SentReply {
    return {
      ...this.#context.of(msgId ? [msgId] : []),
      conversationId: target.conversationId,
      conversationType: target.conversationType,
      ...(msgId ? { msgId } : {}),
      replyKind,
      text: replyTextOf(text),
    };
  }

  #recordSend(sent: SentReply, report: SendReport): void {
    if (report.ok) {
      const retried = report.attempts.length > report.chunks ? { attempts: report.attempts.length } : {};
      this.#record({ kind: 'reply.sent', ...sent, path: report.path, chunks: report.chunks, ...retried });
    } else {
      this.#record({ kind: 'reply.failed', ...sent, error: report.error ?? 'unknown error', ...(report.problem ? { problem: report.problem } : {}) });
    }
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
