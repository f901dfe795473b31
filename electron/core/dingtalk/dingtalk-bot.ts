import { join } from 'node:path';
import { TypedEmitter } from '../typed-emitter.js';
import { silentLogger, type Logger } from '../logger.js';
import type { BotCredentials } from './credentials.js';
import type { Endpoints } from './endpoints.js';
import { AccessTokenCache } from './token-cache.js';
import { DingTalkRestClient } from './rest-client.js';
import { ConnectionManager } from './connection-manager.js';
import type { ConnectionTiming } from './connection-timing.js';
import type { ConnectionState } from './connection-state.js';
import { DedupeStore } from './dedupe-store.js';
import { parseRobotFrame } from './inbound-parser.js';
import type { Attachment, InboundEnvelope } from './envelope.js';
import type { StreamFrame } from './stream-frame.js';
import { ReplySender, type ReplyTarget, type SendReport } from './outbound.js';
import type { TableMode } from './markdown-tables.js';
import { Reactions } from './reactions.js';
import { DEFAULT_MEDIA_LIMITS, MediaDownloader, type MediaLimits, type SavedFile } from './media.js';

export interface DingTalkBotOptions {
  credentials: BotCredentials;
  endpoints: Endpoints;
  /** Where the bot keeps what must survive a restart (the ids of handled messages). */
  dataDir?: string;
  logger?: Logger;
  timing?: Partial<ConnectionTiming>;
  tables?: TableMode;
  media?: Partial<MediaLimits>;
  rateWindowMs?: number;
  retryWaitMs?: number;
}

export type SkipReason = 'duplicate' | 'malformed';

export type DingTalkBotEvents = {
  state: [ConnectionState];
  message: [InboundEnvelope];
  skipped: [{ reason: SkipReason; detail: string; msgId?: string }];
};

/** The working 👀 on a message; recall it when the reply has gone out. */
export interface WorkingReaction {
  recall(): Promise<void>;
}

/**
 * One DingTalk bot as the rest of the app sees it: a live connection, each inbound message once as an
 * envelope, and replies, reactions and downloads that report what happened.
 */
export class DingTalkBot extends TypedEmitter<DingTalkBotEvents> {
  readonly connection: ConnectionManager;
  readonly rest: DingTalkRestClient;
  readonly #sender: ReplySender;
  readonly #reactions: Reactions;
  readonly #media: MediaDownloader;
  readonly #seen: DedupeStore;
  readonly #logger: Logger;

  private constructor(options: DingTalkBotOptions, seen: DedupeStore) {
    super();
    const logger = options.logger ?? silentLogger;
    const { credentials, endpoints } = options;
    const tokens = new AccessTokenCache(credentials, endpoints);
    this.#logger = logger;
    this.#seen = seen;
    this.rest = new DingTalkRestClient(endpoints, tokens);
    this.connection = new ConnectionManager({ credentials, endpoints, tokens, logger, timing: options.timing });
    this.#sender = new ReplySender({
      rest: this.rest,
      robotCode: credentials.robotCode,
      logger,
      tables: options.tables,
      rateWindowMs: options.rateWindowMs,
      retryWaitMs: options.retryWaitMs,
    });
    this.#reactions = new Reactions(this.rest, credentials.robotCode, logger);
    this.#media = new MediaDownloader(this.rest, credentials.robotCode, logger, {
      ...DEFAULT_MEDIA_LIMITS,
      ...options.media,
    });
    this.connection.on('state', (state) => this.emit('state', state));
    this.connection.on('robotFrame', (frame) => this.#receive(frame));
    this.connection.on('malformedFrame', ({ reason, messageId }) =>
      this.emit('skipped', { reason: 'malformed', detail: reason, ...(messageId ? { msgId: messageId } : {}) }),
    );
  }

  static async create(options: DingTalkBotOptions): Promise<DingTalkBot> {
    const seen = await DedupeStore.open({
      file: options.dataDir ? join(options.dataDir, 'handled-messages.jsonl') : undefined,
      logger: options.logger,
    });
    return new DingTalkBot(options, seen);
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  start(): void {
    this.connection.start();
  }

  async stop(): Promise<void> {
    await this.connection.stop();
    await this.#seen.flush();
  }

  reply(envelope: InboundEnvelope, markdown: string, signal?: AbortSignal): Promise<SendReport> {
    return this.#sender.send(replyTargetOf(envelope), markdown, signal);
  }

  send(target: ReplyTarget, markdown: string, signal?: AbortSignal): Promise<SendReport> {
    return this.#sender.send(target, markdown, signal);
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

  download(attachment: Attachment, inboxDir: string, signal?: AbortSignal): Promise<SavedFile> {
    return this.#media.download(attachment, inboxDir, signal);
  }

  #receive(frame: StreamFrame): void {
    const parsed = parseRobotFrame(frame);
    if (!parsed.ok) {
      this.#logger.warn('DingTalk message could not be read', { reason: parsed.reason });
      this.emit('skipped', { reason: 'malformed', detail: parsed.reason, msgId: frame.headers.messageId });
      return;
    }
    const { envelope } = parsed;
    if (!this.#seen.claim(envelope.msgId)) {
      this.emit('skipped', { reason: 'duplicate', detail: 'DingTalk delivered this message again', msgId: envelope.msgId });
      return;
    }
    this.emit('message', envelope);
  }
}

export function replyTargetOf(envelope: InboundEnvelope): ReplyTarget {
  return {
    conversationId: envelope.conversation.id,
    conversationType: envelope.conversation.type,
    ...(envelope.sender.staffId ? { staffId: envelope.sender.staffId } : {}),
    ...(envelope.replyWebhook ? { webhook: envelope.replyWebhook } : {}),
  };
}
