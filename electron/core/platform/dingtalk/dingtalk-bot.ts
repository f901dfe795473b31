import { join } from 'node:path';
import { TypedEmitter } from '../../base/typed-emitter.js';
import { silentLogger, type Logger } from '../../base/logger.js';
import type { BotCredentials } from './credentials.js';
import type { Endpoints } from './endpoints.js';
import { AccessTokenCache } from './token-cache.js';
import { DingTalkRestClient } from './rest-client.js';
import { ConnectionManager } from './connection-manager.js';
import type { ConnectionTiming } from './connection-timing.js';
import type { ConnectionState } from '../../chat/connection-state.js';
import type { ChatFiles, ChatPlatform, ChatPlatformEvents, WorkingReaction } from '../chat-platform.js';
import { Inbox } from './inbox.js';
import { parseRobotFrame } from './inbound-parser.js';
import { InboundEnvelopeSchema, type Attachment, type InboundEnvelope } from './envelope.js';
import type { ChatMessage } from '../../chat/chat-message.js';
import type { StreamFrame } from './stream-frame.js';
import { ReplySender } from './outbound.js';
import { FileSender } from './file-sender.js';
import { ApprovalCards } from './approval-cards.js';
import { askWithActionCard } from './action-card.js';
import type { ChatApprovals } from '../approval-prompt.js';
import { DINGTALK_FILE_RULES } from './media-upload.js';
import type { ReplyTarget } from '../../chat/reply-target.js';
import type { SendOptions, SendReport } from '../../chat/send-report.js';
import type { TableMode } from './markdown-tables.js';
import { Reactions } from './reactions.js';
import { DEFAULT_MEDIA_LIMITS, MediaDownloader, type MediaLimits } from './media.js';
import type { DownloadedFile } from '../../chat/downloaded-file.js';
import type { LiveReplies } from '../live-reply.js';
import { callBudgetOf } from './call-budget.js';
import { apiUsageOf, type ApiUsage } from './api-usage.js';
import { AiCards, type CardNotes } from './ai-cards.js';
import { CardLedger } from './card-ledger.js';
import type { CardSettings } from './card-settings.js';
import { STOP_ACTION, cardClickOf } from './card-click.js';
import { senderKey } from './sender-identity.js';
import { ProxyRules } from './proxy-rules.js';
import type { ProxySetting } from './proxy-setting.js';
import { holdPools } from './connection-pools.js';

export interface DingTalkBotOptions {
  credentials: BotCredentials;
  endpoints: Endpoints;
  /** The channel's `proxy` setting; left out, the environment's proxy variables decide. */
  proxy?: ProxySetting;
  /** Where the bot keeps what must survive a restart: the messages it took and the ids it has seen. */
  dataDir?: string;
  logger?: Logger;
  timing?: Partial<ConnectionTiming>;
  tables?: TableMode;
  media?: Partial<MediaLimits>;
  rateWindowMs?: number;
  retryWaitMs?: number;
  /**
   * With these, the bot can answer in AI cards: the template to use, how tables are drawn, the note under a card a
   * stop cut short and the words on its stop button.
   */
  cards?: { settings: CardSettings; tables?: TableMode; notes: CardNotes };
  /** Where the count of the app's API calls is kept; shared by every channel of the app. */
  usageFile?: string;
}

/**
 * One DingTalk bot as the rest of the app sees it: a live connection, each inbound message once as an
 * envelope, and replies, reactions and downloads that report what happened.
 */
export class DingTalkBot extends TypedEmitter<ChatPlatformEvents<InboundEnvelope>> implements ChatPlatform<InboundEnvelope, Attachment> {
  readonly remembers = true;
  readonly connection: ConnectionManager;
  readonly rest: DingTalkRestClient;
  readonly #sender: ReplySender;
  readonly #reactions: Reactions;
  readonly #media: MediaDownloader;
  readonly #inbox: Inbox;
  readonly #logger: Logger;
  readonly #cards: { cards: AiCards; ledger: CardLedger } | undefined;
  readonly live: LiveReplies<InboundEnvelope> | undefined;
  readonly files: ChatFiles;
  readonly approvals: ChatApprovals<ReplyTarget>;
  /** The bot's organisation, as the last message said it: a click from another is told apart by it. */
  #botCorpId: string | undefined;
  readonly metered: ApiUsage | undefined;
  readonly #releasePools: () => void;

  private constructor(options: DingTalkBotOptions, inbox: Inbox, usage: ApiUsage | undefined) {
    super();
    const logger = options.logger ?? silentLogger;
    const { credentials, endpoints } = options;
    const proxy = ProxyRules.of(options.proxy);
    const tokens = new AccessTokenCache(credentials, endpoints, { proxy });
    this.#releasePools = holdPools(proxy);
    this.#logger = logger;
    this.#inbox = inbox;
    this.metered = usage;
    this.rest = new DingTalkRestClient(endpoints, tokens, callBudgetOf(endpoints.api, credentials.clientId), () => usage?.counted());
    this.connection = new ConnectionManager({ credentials, endpoints, tokens, proxy: this.rest.proxy, logger, timing: options.timing });
    this.#sender = new ReplySender({
      rest: this.rest,
      robotCode: credentials.robotCode,
      logger,
      tables: options.tables,
      rateWindowMs: options.rateWindowMs,
      retryWaitMs: options.retryWaitMs,
    });
    const files = new FileSender({ rest: this.rest, robotCode: credentials.robotCode, logger, retryWaitMs: options.retryWaitMs });
    this.files = { rules: DINGTALK_FILE_RULES, send: (target, file, signal) => files.send(target, file, signal) };
    this.#reactions = new Reactions(this.rest, credentials.robotCode, logger);
    this.#media = new MediaDownloader(this.rest, credentials.robotCode, logger, {
      ...DEFAULT_MEDIA_LIMITS,
      ...options.media,
    });
    const approvalCards = options.cards ? new ApprovalCards({ rest: this.rest, robotCode: credentials.robotCode, logger }) : undefined;
    this.approvals = {
      ask: (target, question, { card }) =>
        card && approvalCards ? approvalCards.ask(target, question, this.#botCorpId) : askWithActionCard(this.rest, credentials.robotCode, target, question),
    };
    if (options.cards) {
      const ledger = new CardLedger(options.dataDir ? join(options.dataDir, 'open-cards.jsonl') : undefined, logger);
      const cards = new AiCards({ rest: this.rest, robotCode: credentials.robotCode, ledger, logger, ...options.cards });
      this.#cards = { cards, ledger };
      this.live = { open: (envelope) => cards.open(this.replyTargetOf(envelope), { msgId: envelope.msgId, ...(envelope.botCorpId ? { botCorpId: envelope.botCorpId } : {}) }) };
      this.connection.on('cardFrame', (frame) => this.#clicked(frame, cards, approvalCards));
    }
    this.connection.on('state', (state) => this.emit('state', state));
    this.connection.on('robotFrame', (frame) => this.#receive(frame));
    this.connection.on('malformedFrame', ({ reason, messageId }) =>
      this.emit('skipped', { reason: 'malformed', detail: reason, ...(messageId ? { msgId: messageId } : {}) }),
    );
  }

  static async create(options: DingTalkBotOptions): Promise<DingTalkBot> {
    const inbox = Inbox.open({
      file: options.dataDir ? join(options.dataDir, 'handled-messages.jsonl') : undefined,
      logger: options.logger,
    });
    const usage = options.usageFile ? await apiUsageOf(options.usageFile, options.logger ?? silentLogger) : undefined;
    return new DingTalkBot(options, inbox, usage);
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  start(): void {
    this.connection.start();
    void this.#cards?.cards.endLeftovers();
  }

  async stop(): Promise<void> {
    try {
      await Promise.all([this.connection.stop(), this.#cards?.cards.stop()]);
      this.#cards?.ledger.close();
      this.#inbox.close();
      await this.metered?.flush();
    } finally {
      // Last, as ending the open cards still calls DingTalk.
      this.#releasePools();
    }
  }

  /**
   * The messages taken before a restart and never handed on: each was ACKed, so DingTalk will not send it
   * again, and it is owed whatever it was owed then.
   */
  unfinished(): InboundEnvelope[] {
    return this.#inbox.waiting();
  }

  /** A DingTalk message as it was kept on disk, or none when what was kept no longer reads as one. */
  revive(kept: ChatMessage): InboundEnvelope | undefined {
    const read = InboundEnvelopeSchema.safeParse(kept);
    return read.success ? read.data : undefined;
  }

  woke(): void {
    this.connection.woke();
  }

  /** Whoever took the message has it safe (or needs nothing more of it): it is not taken on again after a restart. */
  handedOn(msgId: string): void {
    this.#inbox.handedOn(msgId);
  }

  reply(envelope: InboundEnvelope, markdown: string, options?: SendOptions): Promise<SendReport> {
    return this.#sender.send(this.replyTargetOf(envelope), markdown, options);
  }

  /** The message's conversation, with the webhook DingTalk gave for answering it. */
  replyTargetOf(envelope: InboundEnvelope): ReplyTarget {
    return {
      conversationId: envelope.conversation.id,
      conversationType: envelope.conversation.type,
      ...(envelope.sender.staffId ? { staffId: envelope.sender.staffId } : {}),
      ...(envelope.replyWebhook ? { webhook: envelope.replyWebhook } : {}),
    };
  }

  send(target: ReplyTarget, markdown: string, options?: SendOptions): Promise<SendReport> {
    return this.#sender.send(target, markdown, options);
  }

  async markWorking(envelope: InboundEnvelope): Promise<WorkingReaction> {
    const target = { msgId: envelope.msgId, conversationId: envelope.conversation.id };
    const added = await this.#reactions.add(target);
    return {
      recall: async () => {
        if (added) await this.#reactions.recall(target);
      },
    };
  }

  download(attachment: Attachment, inboxDir: string, signal?: AbortSignal): Promise<DownloadedFile> {
    return this.#media.download(attachment, inboxDir, signal);
  }

  /**
   * A click on a card's stop button asks to stop the turn the card answers, for the clicker known as a sender is;
   * whether they may is the channel's call.
   */
  #clicked(frame: StreamFrame, cards: AiCards, approvals: ApprovalCards | undefined): void {
    const click = cardClickOf(frame);
    const approval = click && approvals?.clickOf(click);
    if (click && approval) {
      const { requestId, decision, botCorpId } = approval;
      this.emit('approvalClicked', { requestId, decision, by: senderKey(click.userId, click.corpId, botCorpId) });
      return;
    }
    const answering = click && cards.answering(click.outTrackId);
    if (!click || !answering || !click.actionIds.includes(STOP_ACTION)) return;
    this.emit('stopAsked', { msgId: answering.msgId, by: senderKey(click.userId, click.corpId, answering.botCorpId) });
  }

  #receive(frame: StreamFrame): void {
    const parsed = parseRobotFrame(frame);
    if (!parsed.ok) {
      this.#logger.warn('DingTalk message could not be read', { reason: parsed.reason });
      this.emit('skipped', { reason: 'malformed', detail: parsed.reason, msgId: frame.headers.messageId });
      return;
    }
    const { envelope } = parsed;
    if (envelope.botCorpId) this.#botCorpId = envelope.botCorpId;
    if (!this.#inbox.take(envelope)) {
      this.emit('skipped', { reason: 'duplicate', detail: 'DingTalk delivered this message again', msgId: envelope.msgId });
      return;
    }
    // The work waits a turn, so every frame that arrived together is ACKed before any of them is handled.
    setImmediate(() => this.emit('message', envelope));
  }
}
