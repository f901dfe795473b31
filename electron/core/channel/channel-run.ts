import { join } from 'node:path';
import { newErrorRef } from '../base/error-ref.js';
import type { Logger } from '../base/logger.js';
import type { ChannelConfig } from '../config/channel-schema.js';
import type { InboundEnvelope } from '../platform/dingtalk/envelope.js';
import type { ConnectionState } from '../chat/connection-state.js';
import type { PairingStore } from '../access/pairing-store.js';
import type { AgentRuntime, SessionUnavailable } from '../agents/agent-runtime.js';
import type { AgentState } from '../agents/agent-state.js';
import type { PendingPermission } from '../agents/permission-broker.js';
import { AgentTimeoutsSchema } from '../agents/conversation-settings.js';
import type { AnswerJournal } from '../reply/answer-journal.js';
import type { ReplyDelivery } from '../reply/reply-delivery.js';
import type { ReplyKind } from '../reply/reply-kind.js';
import { MarkdownReply } from '../reply/markdown-reply.js';
import { CardReply } from '../reply/card-reply.js';
import { FilesReply } from '../reply/files-reply.js';
import { ApprovalPrompts } from '../reply/approval-prompts.js';
import type { PermissionDecision } from '../chat/permission-decision.js';
import { TurnFiles } from '../reply/turn-files.js';
import { wordsOf } from '../reply/words/bot-words.js';
import type { CardPause } from '../reply/card-pause.js';
import type { TurnReply } from '../agents/turn-reply.js';
import { CHANNEL_WORDS } from '../reply/words/channel-words.js';
import type { ChannelLogEvent } from '../events/event-schema.js';
import type { MessageContext } from '../events/message-context.js';
import { admit } from './admission.js';
import { agentInputOf } from './agent-input.js';
import { recordAgentEvents } from './agent-events.js';
import type { ChannelPlatform } from './open-platform.js';
import { whereOf } from './message-where.js';

export interface ChannelRunDeps {
  config: ChannelConfig;
  /** The channel's state folder: files people send are saved in its `inbox/`, zips the agent sends made in its `outbox/`. */
  dir: string;
  /** The agent's working folder: the only files it may send. */
  cwd: string;
  platform: ChannelPlatform;
  runtime: AgentRuntime;
  pairing: PairingStore;
  journal: AnswerJournal | undefined;
  delivery: ReplyDelivery<InboundEnvelope>;
  context: MessageContext;
  /** Whether the channel answers in messages for now, though set to answer in cards. */
  cardPause: CardPause;
  /** Aborted when the channel stops. */
  signal: AbortSignal;
  logger: Logger;
  record(event: ChannelLogEvent): void;
  /** Cards were paused after one could not be made. */
  cardsPaused(): void;
  connectionState(state: ConnectionState): void;
  agentState(state: AgentState): void;
  pairingChanged(): void;
  sessionsChanged(): void;
  permissionRequested(pending: PendingPermission): void;
  permissionAnswered(answer: { id: string; decision: string; by: string }): void;
  sessionUnavailable(info: SessionUnavailable): void;
}

/**
 * One run of a channel, from start to stop: each message from the platform through the gates to the agent, and
 * the agent's reply back out, with what is owed in the journal until it is answered.
 */
export class ChannelRun {
  readonly #deps: ChannelRunDeps;
  readonly #inFlight = new Set<Promise<void>>();
  /** Each message being answered: its sender may stop its turn from the card, and a permission request is asked in its conversation. */
  readonly #answering = new Map<string, InboundEnvelope>();
  /** Permission requests asked in the chat with buttons, where the channel's permissions say so. */
  readonly #prompts: ApprovalPrompts<InboundEnvelope> | undefined;
  /** How often tool calls go out as progress lines; none when the channel sends only the answer. */
  readonly #progressMs: number | undefined;

  constructor(deps: ChannelRunDeps) {
    this.#deps = deps;
    const { outputMode, timeouts, permissions, replyStyle, chatLanguage } = deps.config;
    const { progressMs, permissionMs } = AgentTimeoutsSchema.parse(timeouts ?? {});
    this.#progressMs = outputMode === 'progress' ? progressMs : undefined;
    this.#prompts =
      permissions === 'chat'
        ? new ApprovalPrompts({
            platform: deps.platform,
            language: chatLanguage,
            timeoutMs: permissionMs,
            cards: () => replyStyle === 'card' && deps.platform.live !== undefined && !deps.cardPause.paused,
            say: async (message, text) => {
              await deps.delivery.reply(message, text, 'notice');
            },
            logger: deps.logger,
          })
        : undefined;
  }

  /** Listens to the platform and the agent, and starts them. */
  start(): void {
    const { platform, runtime, delivery } = this.#deps;
    platform.on('state', (state) => {
      this.#deps.record({ kind: 'connection.state', state });
      this.#deps.connectionState(state);
      if (state.status === 'connected') delivery.resendHeldInBackground();
    });
    platform.on('skipped', (skip) => this.#deps.record({ kind: 'message.skipped', reason: skip.reason, detail: skip.detail, ...(skip.msgId ? { msgId: skip.msgId } : {}) }));
    platform.on('message', (message) => void this.#receive(message));
    platform.on('stopAsked', ({ msgId, by }) => this.#stopAsked(msgId, by));
    platform.on('approvalClicked', (click) => this.#approvalClicked(click));
    recordAgentEvents(runtime, this.#deps);
    runtime.on('permissionRequested', (pending) => this.#askInChat(pending));
    runtime.on('permissionAnswered', (answer) => {
      this.#prompts?.settle(answer).catch((error: unknown) => this.#deps.logger.warn('A permission prompt could not show its answer', { error: String(error) }));
    });
    runtime.warmUp();
    platform.start();
  }

  /** Resolves once the answers under way have gone out, or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<void> {
    const settled = Promise.allSettled([...this.#inFlight]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  /** Runs an admitted message through the agent and sends what comes back; until then it is in the journal. */
  answer(message: InboundEnvelope): Promise<void> {
    const { journal, platform, context, delivery } = this.#deps;
    journal?.add(message);
    platform.handedOn(message.msgId);
    // Also for a message answered later than it came, once its sender is approved.
    context.remember(message.msgId, whereOf(message));
    this.#answering.set(message.msgId, message);
    const work = this.#answerNow(message).finally(() => {
      this.#inFlight.delete(work);
      this.#answering.delete(message.msgId);
      delivery.forget(message.msgId);
      context.forget(message.msgId);
    });
    this.#inFlight.add(work);
    return work;
  }

  /**
   * What was owed when the app last stopped (or crashed): the messages taken on and not answered, then the ones
   * the platform took and ACKed but had not handed on. A message in both was caught between the two writes.
   */
  resume(): void {
    const { journal, platform } = this.#deps;
    // A platform that forgets starts empty each time: the chats those messages came from are gone.
    if (!journal) {
      for (const message of platform.unfinished()) platform.handedOn(message.msgId);
      return;
    }
    for (const kept of journal.pending()) {
      const message = platform.revive(kept);
      if (message) void this.#receive(message, { resumed: true });
      // Kept by a version that wrote it otherwise: it cannot be answered, so it is not owed for ever either.
      else journal.done(kept.msgId);
    }
    for (const message of platform.unfinished()) {
      if (journal.has(message.msgId)) platform.handedOn(message.msgId);
      else void this.#receive(message, { resumed: true });
    }
  }

  /** `resumed`: taken on before a restart and not answered then; it goes through the gates again as they are now. */
  async #receive(message: InboundEnvelope, { resumed = false } = {}): Promise<void> {
    const { context, delivery } = this.#deps;
    context.remember(message.msgId, whereOf(message));
    try {
      await admit(message, resumed, {
        ...this.#deps,
        notify: (to, text) => delivery.reply(to, text, 'notice'),
        answer: (to) => this.answer(to),
        owedNothing: (msgId) => this.#owedNothing(msgId),
      });
    } finally {
      context.forget(message.msgId);
    }
  }

  /** A stop asked from a card: only the person who asked, or an approver, may stop someone's turn. */
  #stopAsked(msgId: string, by: string): void {
    const { config, runtime, context } = this.#deps;
    const asker = this.#answering.get(msgId)?.sender.id;
    const allowed = asker !== undefined && (asker === by || config.approvers.includes(by));
    const outcome = !allowed ? 'not-allowed' : runtime.cancelTurnOf(msgId) ? 'stopped' : 'not-running';
    this.#deps.record({ kind: 'card.stop', ...context.of([msgId]), msgId, by, outcome });
  }

  /** A permission request, asked in the conversation of the message whose turn caused it, with that message's reply. */
  #askInChat(pending: PendingPermission): void {
    if (!this.#prompts) return;
    const here = [...this.#answering.values()].filter((message) => message.conversation.id === pending.conversationId);
    const message = here.findLast((candidate) => candidate.sender.id === pending.senderId) ?? here.at(-1);
    if (message) this.#prompts.ask(message, pending);
  }

  /**
   * A tap on a permission prompt's button: answered when the tapper may answer it (who caused it, or an approver);
   * else refused, logged, and the tapper told in the conversation. A tap after the first answer changes nothing.
   */
  #approvalClicked({ requestId, decision, by }: { requestId: string; decision: PermissionDecision; by: string }): void {
    const { runtime, context, delivery, config } = this.#deps;
    const messages = [...this.#answering.values()];
    const nick = messages.find((message) => message.sender.id === by)?.sender.nick ?? by;
    const pending = runtime.permissions.pending().find((waiting) => waiting.id === requestId);
    const answer = runtime.permissions.answerById(requestId, { staffId: by, nick }, decision);
    const message = messages.findLast((candidate) => candidate.conversation.id === pending?.conversationId);
    const outcome = answer.result === 'answered' ? 'answered' : answer.result === 'not-yours' ? 'not-allowed' : 'settled';
    const msgIds = message ? [message.msgId] : [];
    this.#deps.record({ kind: 'agent.permission.clicked', ...context.of(msgIds), msgIds, permissionId: requestId, by, decision, outcome });
    if (answer.result === 'not-yours' && message) {
      void delivery.reply(message, wordsOf({ say: 'permission-not-yours', requesters: answer.requesters.map((person) => person.nick) }, config.chatLanguage), 'notice');
    }
  }

  /** Nothing more is owed to the message here, or whoever owes it has it safe: a restart does not take it on again. */
  #owedNothing(msgId: string): void {
    // Approved while its pairing code was on its way: its turn runs now, and the journal keeps it until it is answered.
    if (!this.#answering.has(msgId)) this.#deps.journal?.done(msgId);
    this.#deps.platform.handedOn(msgId);
  }

  async #answerNow(message: InboundEnvelope): Promise<void> {
    const { journal, delivery, signal, context } = this.#deps;
    let answered = false;
    const send = async (text: string, kind: ReplyKind) => {
      if (await delivery.reply(message, text, kind)) answered = true;
    };
    const answeredLive = () => {
      answered = true;
    };
    // A stop cut the work short: the message waits in the journal for the next start, unless its answer is out.
    const interrupted = () => signal.aborted && !answered;
    try {
      const onItsWay = journal?.answerOf(message.msgId);
      if (onItsWay) {
        // The agent had answered before the app stopped: only what the platform had not taken goes out.
        answered = !onItsWay.rest || (await delivery.deliver(onItsWay.target, onItsWay.rest, 'answer', message.msgId));
      } else if (message.unsupported && !message.text && message.attachments.length === 0) {
        await send(CHANNEL_WORDS.unsupported(this.#deps.config.chatLanguage, message.unsupported), 'notice');
      } else {
        await this.#runTurn(message, send, answeredLive);
      }
    } catch (error) {
      if (interrupted()) return;
      const ref = newErrorRef();
      this.#deps.record({ kind: 'error', ...context.of([message.msgId]), msgId: message.msgId, message: 'A message could not be processed', reason: 'message-failed', ref, detail: error instanceof Error ? error.stack ?? error.message : String(error) });
      await send(CHANNEL_WORDS.apology(this.#deps.config.chatLanguage, ref), 'error');
    }
    if (!interrupted()) journal?.done(message.msgId);
  }

  async #runTurn(message: InboundEnvelope, send: (text: string, kind: ReplyKind) => Promise<void>, answeredLive: () => void): Promise<void> {
    const { platform, runtime, config } = this.#deps;
    const language = config.chatLanguage;
    const input = await agentInputOf(platform, message, join(this.#deps.dir, 'inbox'), language, (text) => send(text, 'notice'));
    if (!input) return;
    const reply = this.#withFiles(message, this.#replyFor(message, send, answeredLive), send);
    // The 👀 goes on while the agent already works: a reply should never wait for a reaction.
    const working = platform.markWorking(message);
    try {
      await runtime.handle(input, reply);
    } finally {
      await (await working).recall();
    }
  }

  /** The reply, carrying the files the agent sends to the message's conversation. */
  #withFiles(message: InboundEnvelope, reply: TurnReply, send: (text: string, kind: ReplyKind) => Promise<void>): TurnReply {
    const { platform, delivery, context, cwd, dir, config } = this.#deps;
    const files = new TurnFiles({
      cwd,
      scratchDir: join(dir, 'outbox'),
      rules: platform.files?.rules,
      deliver: (file, via) => delivery.sendFile(message, file, via),
      refused: (asked, via, reason, detail) =>
        this.#deps.record({ kind: 'file.refused', ...context.of([message.msgId]), msgId: message.msgId, asked, via, reason, detail }),
      tell: (says) => send(wordsOf(says, config.chatLanguage), 'notice'),
      caption: (text) => send(text, 'notice'),
    });
    return new FilesReply(reply, files);
  }

  /**
   * How the turn's answer reaches the person: an AI card that fills in as the agent writes, when the channel is set
   * to it, the platform has cards and they are not paused; else one markdown message at the end.
   */
  #replyFor(message: InboundEnvelope, send: (text: string, kind: ReplyKind) => Promise<void>, answeredLive: () => void): TurnReply {
    const { config, platform, delivery, cardPause, signal, context } = this.#deps;
    const language = config.chatLanguage;
    const live = platform.live;
    if (config.replyStyle !== 'card' || !live || cardPause.paused) return new MarkdownReply(send, { language, progressMs: this.#progressMs });
    const where = { ...context.of([message.msgId]), conversationId: message.conversation.id, msgId: message.msgId };
    return new CardReply({
      open: () => live.open(message),
      // Tool calls show on the card while it lives; a turn without one sends only the answer.
      fallback: new MarkdownReply(send, { language }),
      sink: send,
      language,
      withRef: (text) => delivery.withRef(message, text),
      stopping: () => signal.aborted,
      refused: (refusal) => {
        const paused = cardPause.refused(refusal);
        this.#deps.record({ kind: 'card.failed', ...where, stage: 'create', error: refusal.refused, ...(refusal.problem ? { problem: refusal.problem } : {}), ...(paused ? { pausedUntil: paused.until } : {}) });
        if (paused) this.#deps.cardsPaused();
      },
      answered: (shown, overflow, apiCalls) => {
        delivery.answeredLive(message, shown, overflow, apiCalls);
        // What did not fit is still owed until its own messages are out: a stop before then sends it after.
        if (!overflow) answeredLive();
      },
      unended: (end, how) => this.#deps.record({ kind: 'card.failed', ...where, stage: how, error: end.error, ...(end.problem ? { problem: end.problem } : {}) }),
    });
  }
}
