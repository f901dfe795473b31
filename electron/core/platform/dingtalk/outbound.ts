import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { Logger } from '../../base/logger.js';
import { DingTalkError, asDingTalkError, type DingTalkErrorKind } from './errors.js';
import type { ReplyTarget } from '../../chat/reply-target.js';
import type { SendAttempt, SendOptions, SendPath, SendReport } from '../../chat/send-report.js';
import { postSessionWebhook, type DingTalkRestClient } from './rest-client.js';
import { DEFAULT_CHUNK_LIMITS, fitsLimits, splitMarkdown, titleFrom, utf8Length, type ChunkLimits } from './chunker.js';
import { convertTables, type TableMode } from './markdown-tables.js';
import { SendLimits } from './send-limits.js';
import { nextMessage, untaken, type Outgoing, type QueuedReply } from './reply-lane.js';

export interface ReplySenderOptions {
  rest: DingTalkRestClient;
  robotCode: string;
  logger: Logger;
  tables?: TableMode;
  limits?: ChunkLimits;
  /** The window DingTalk counts a conversation's webhook sends in for its per-minute limit; tests shrink it. */
  rateWindowMs?: number;
  /**
   * How often a send is tried again when DingTalk could not be reached or had a server error, or refused it
   * for rate on every path; the first wait is `retryWaitMs` and each later one twice as long, at most 30 s.
   */
  retries?: number;
  retryWaitMs?: number;
  /** A webhook this close to its expiry is not trusted with a reply. */
  webhookSafetyMs?: number;
  now?: () => number;
}

const BatchSendAnswer = z.looseObject({
  processQueryKey: z.string().optional(),
  invalidStaffIdList: z.array(z.string()).optional(),
  flowControlledStaffIdList: z.array(z.string()).optional(),
});
const GroupSendAnswer = z.looseObject({ processQueryKey: z.string().optional() });

const MIN_SPLIT_CHARS = 200;
const MAX_RETRY_WAIT_MS = 30_000;
/** Failures that may pass by themselves: DingTalk unreachable, too slow, or failing on its side. */
const TRANSIENT: ReadonlySet<DingTalkErrorKind> = new Set(['network', 'timeout', 'server']);
/** Failures no later try can mend: the message itself is what DingTalk refuses. */
const FINAL: ReadonlySet<DingTalkErrorKind> = new Set(['bad-request', 'too-large']);

/** What one try of a message came to: taken, refused for rate on every path (until when), or failed. */
type Try =
  | { ok: true; path: SendPath }
  | { ok: false; limitedUntil: number; failure: DingTalkError | undefined }
  | { ok: false; limitedUntil?: undefined; failure: DingTalkError };

/** The replies of one conversation, sent one message at a time, in the order they came. */
interface Lane {
  conversationId: string;
  queue: QueuedReply[];
  /** While the lane waits out DingTalk's rate limit: when it tries again. */
  pausedUntil?: number;
}

/**
 * Sends markdown replies so that they arrive: tables rewritten, split into chunks DingTalk accepts, at once,
 * through the session webhook while it lives and the Open API when it does not, and through the other of the
 * two while DingTalk says one is over its rate limit. A conversation's replies go out in order; those that
 * pile up while DingTalk makes the conversation wait go out merged into as few messages as fit.
 */
export class ReplySender {
  readonly #options: ReplySenderOptions;
  readonly #limits: SendLimits;
  readonly #now: () => number;
  readonly #deadWebhooks = new Set<string>();
  readonly #lanes = new Map<string, Lane>();

  constructor(options: ReplySenderOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#limits = new SendLimits({
      ...(options.rateWindowMs !== undefined ? { windowMs: options.rateWindowMs } : {}),
      ...(options.retryWaitMs !== undefined ? { firstWaitMs: options.retryWaitMs } : {}),
      now: this.#now,
    });
  }

  send(target: ReplyTarget, markdown: string, options: SendOptions = {}): Promise<SendReport> {
    const text = convertTables(markdown, this.#options.tables ?? 'text');
    const pieces = splitMarkdown(text, this.#options.limits ?? DEFAULT_CHUNK_LIMITS);
    if (pieces.length === 0) return Promise.resolve({ ok: true, chunks: 0, delivered: 0, path: 'none', attempts: [] });
    return new Promise((settle) => {
      const reply: QueuedReply = { target, title: titleFrom(text), pieces, taken: 0, attempts: [], paths: new Set(), options, settle };
      const lane = this.#lanes.get(target.conversationId);
      if (lane) {
        lane.queue.push(reply);
        if (lane.pausedUntil !== undefined) options.waiting?.(Math.max(0, lane.pausedUntil - this.#now()));
        return;
      }
      const fresh: Lane = { conversationId: target.conversationId, queue: [reply] };
      this.#lanes.set(fresh.conversationId, fresh);
      this.#drain(fresh).catch((error: unknown) => {
        this.#failAll(fresh, asDingTalkError(error, 'Sending failed'));
        this.#lanes.delete(fresh.conversationId);
      });
    });
  }

  /**
   * Sends a lane's replies until none is left. DingTalk failing or unreachable is tried again with growing
   * waits; a rate limit on every path is waited out, told to each reply waiting, and what piled up meanwhile
   * goes out merged.
   */
  async #drain(lane: Lane): Promise<void> {
    let merge = false;
    let transientWaits = this.#retryWaits();
    let limitWaits = this.#retryWaits();
    for (;;) {
      this.#dropStopped(lane);
      // Closed in the same step it is found empty, so a reply queued a moment later opens a lane of its own.
      if (lane.queue.length === 0) {
        this.#lanes.delete(lane.conversationId);
        return;
      }
      const message = nextMessage(lane.queue, merge, this.#fits);
      const tried = await this.#tryOnce(message);
      if (tried.ok) {
        this.#taken(lane, message, tried.path);
        transientWaits = this.#retryWaits();
        limitWaits = this.#retryWaits();
        continue;
      }
      if (tried.limitedUntil !== undefined) {
        const budget = limitWaits.next().value;
        if (budget === undefined) {
          this.#failAll(lane, tried.failure ?? new DingTalkError('DingTalk kept refusing the reply for rate on every path.', { kind: 'rate-limit' }));
          continue;
        }
        const waitMs = Math.max(0, tried.limitedUntil - this.#now());
        this.#options.logger.warn('DingTalk rate-limits every path for this conversation; waiting', { waitMs, replies: lane.queue.length });
        const until = this.#now() + waitMs;
        lane.pausedUntil = until;
        for (const reply of [...lane.queue]) reply.options.waiting?.(waitMs);
        await this.#pause(lane, waitMs);
        // A timer can fire a millisecond before the clock says it is due: trying then would find the path still
        // resting, and wait (and say so) a second time for nothing.
        const early = until - this.#now();
        if (early > 0) await this.#pause(lane, early);
        delete lane.pausedUntil;
        merge = true;
        continue;
      }
      const { failure } = tried;
      if (failure.kind === 'too-large' && (message.parts.length > 1 || (message.parts[0]?.pieces ?? 0) > 1)) {
        merge = false;
        continue;
      }
      if (failure.kind === 'too-large' && this.#halve(lane.queue[0] as QueuedReply)) continue;
      const wait = TRANSIENT.has(failure.kind) ? transientWaits.next().value : undefined;
      if (wait !== undefined) {
        this.#options.logger.warn('DingTalk could not take a reply just now; trying again', { waitMs: wait, reason: failure.message });
        await this.#pause(lane, wait);
        continue;
      }
      // DingTalk failing after every retry fails the whole lane: the replies behind would wait out the same.
      if (TRANSIENT.has(failure.kind)) this.#failAll(lane, failure);
      else this.#fail(lane, message, failure);
    }
  }

  readonly #fits = (text: string): boolean => fitsLimits(text, this.#options.limits ?? DEFAULT_CHUNK_LIMITS);

  /**
   * One message by the first path DingTalk takes it on: the webhook, then the Open API. A path DingTalk has said
   * is over its rate limit is passed over until it frees up.
   */
  async #tryOnce(message: Outgoing): Promise<Try> {
    const { target } = message.parts[0]?.reply as QueuedReply;
    const routes = this.#routes(target, message);
    let failure: DingTalkError | undefined;
    for (const [path, send] of routes) {
      if (this.#limits.freeAt(path, target.conversationId)) continue;
      try {
        await send();
        this.#limits.sent(path, target.conversationId);
        this.#attempted(message, { path, ok: true });
        return { ok: true, path };
      } catch (error) {
        failure = asDingTalkError(error, 'Sending failed');
        this.#attempted(message, { path, ok: false, error: failure.message });
        if (failure.kind === 'too-large') return { ok: false, failure };
        if (failure.kind === 'rate-limit') {
          this.#limits.refused(path, target.conversationId, failure);
          this.#options.logger.warn('DingTalk rate-limited a reply on one path; trying the other', { path, reason: failure.message });
          continue;
        }
        if (path === 'webhook') {
          if (failure.kind === 'webhook-expired') this.#forgetWebhook(target.webhook?.url ?? '');
          this.#options.logger.warn('Reply webhook failed; sending through the Open API', { reason: failure.message });
        }
      }
    }
    const freeAt = Math.min(...routes.map(([path]) => this.#limits.freeAt(path, target.conversationId) || Number.POSITIVE_INFINITY));
    if (Number.isFinite(freeAt)) return { ok: false, limitedUntil: freeAt, failure };
    return { ok: false, failure: failure ?? new DingTalkError('The reply could not be sent.', { kind: 'network' }) };
  }

  #attempted(message: Outgoing, attempt: Omit<SendAttempt, 'chunk'>): void {
    for (const { reply } of message.parts) reply.attempts.push({ chunk: reply.taken + 1, ...attempt });
  }

  /** DingTalk took the message: each reply in it moves on, and those now wholly out are done. */
  #taken(lane: Lane, message: Outgoing, path: SendPath): void {
    for (const { reply, pieces } of message.parts) {
      reply.taken += pieces;
      reply.paths.add(path);
      reply.options.progress?.(untaken(reply));
      if (reply.taken === reply.pieces.length) {
        lane.queue.splice(lane.queue.indexOf(reply), 1);
        reply.settle({ ok: true, chunks: reply.pieces.length, delivered: reply.taken, path: pathOf(reply.paths), attempts: reply.attempts });
      }
    }
  }

  /** The replies in a message DingTalk will not take fail; those queued behind it go on. */
  #fail(lane: Lane, message: Outgoing, failure: DingTalkError): void {
    for (const { reply } of message.parts) this.#settleFailed(lane, reply, failure);
  }

  #failAll(lane: Lane, failure: DingTalkError): void {
    for (const reply of [...lane.queue]) this.#settleFailed(lane, reply, failure);
  }

  #settleFailed(lane: Lane, reply: QueuedReply, failure: DingTalkError): void {
    const at = lane.queue.indexOf(reply);
    if (at >= 0) lane.queue.splice(at, 1);
    reply.settle({
      ok: false,
      chunks: reply.pieces.length,
      delivered: reply.taken,
      path: pathOf(reply.paths),
      attempts: reply.attempts,
      error: failure.message,
      ...(failure.problem ? { problem: failure.problem } : {}),
      retryable: !FINAL.has(failure.kind),
      undelivered: untaken(reply),
    });
  }

  /** Replies whose sender gave up on them (the channel stopped) leave the lane with what DingTalk has not taken. */
  #dropStopped(lane: Lane): void {
    for (const reply of [...lane.queue]) {
      if (reply.options.signal?.aborted) this.#settleFailed(lane, reply, new DingTalkError('Stopped before DingTalk took the whole reply.', { kind: 'network' }));
    }
  }

  /** Waits, unless a reply in the lane is given up on meanwhile: then the lane looks again at once. */
  async #pause(lane: Lane, ms: number): Promise<void> {
    const signals = lane.queue.flatMap((reply) => (reply.options.signal ? [reply.options.signal] : []));
    await delay(ms, undefined, signals.length ? { signal: AbortSignal.any(signals) } : {}).catch(() => undefined);
  }

  /** DingTalk said a piece was too large for it: the same text as two smaller pieces, unless it is already short. */
  #halve(reply: QueuedReply): boolean {
    const piece = reply.pieces[reply.taken] ?? '';
    if (piece.length <= MIN_SPLIT_CHARS) return false;
    const halves = splitMarkdown(piece, {
      maxChars: Math.max(MIN_SPLIT_CHARS, Math.ceil(piece.length / 2) + 16),
      maxBytes: Math.max(MIN_SPLIT_CHARS * 4, Math.ceil(utf8Length(piece) / 2) + 64),
    });
    reply.pieces.splice(reply.taken, 1, ...halves);
    return true;
  }

  /** The ways this message can go now: the webhook while it lives, then the Open API. */
  #routes(target: ReplyTarget, { text: chunk, title }: Outgoing): Array<[SendPath, () => Promise<void>]> {
    const webhook = this.#usableWebhook(target);
    const routes: Array<[SendPath, () => Promise<void>]> = [];
    if (webhook) {
      const payload = { msgtype: 'markdown', markdown: { title, text: chunk } };
      routes.push(['webhook', () => postSessionWebhook(webhook, payload, { what: 'the reply', proxy: this.#options.rest.proxy })]);
    }
    routes.push(['openapi', () => this.#sendOpenApi(target, chunk, title)]);
    return routes;
  }

  #usableWebhook(target: ReplyTarget): string | undefined {
    const webhook = target.webhook;
    if (!webhook || this.#deadWebhooks.has(webhook.url)) return undefined;
    const safety = this.#options.webhookSafetyMs ?? 10_000;
    if (webhook.expiresAt !== undefined && webhook.expiresAt - safety <= this.#now()) return undefined;
    return webhook.url;
  }

  #forgetWebhook(url: string): void {
    if (this.#deadWebhooks.size > 1000) this.#deadWebhooks.clear();
    this.#deadWebhooks.add(url);
  }

  async #sendOpenApi(target: ReplyTarget, text: string, title: string): Promise<void> {
    const { rest, robotCode } = this.#options;
    const msgParam = JSON.stringify({ title, text });
    if (target.conversationType === 'group') {
      await rest.call(
        '/v1.0/robot/groupMessages/send',
        { robotCode, openConversationId: target.conversationId, msgKey: 'sampleMarkdown', msgParam },
        GroupSendAnswer,
        { what: 'the group message send' },
      );
      return;
    }
    if (!target.staffId) {
      throw new DingTalkError(
        'The reply webhook is gone and DingTalk gave no staffId for this user, so the reply cannot be sent.',
        { kind: 'bad-request' },
      );
    }
    const answer = await rest.call(
      '/v1.0/robot/oToMessages/batchSend',
      { robotCode, userIds: [target.staffId], msgKey: 'sampleMarkdown', msgParam },
      BatchSendAnswer,
      { what: 'the direct message send' },
    );
    if (answer.invalidStaffIdList?.includes(target.staffId)) {
      throw new DingTalkError(`DingTalk does not know the user ${target.staffId} in this organisation.`, {
        kind: 'bad-request',
      });
    }
    if (answer.flowControlledStaffIdList?.includes(target.staffId)) {
      throw new DingTalkError('DingTalk is rate-limiting messages to this user; the send will be retried.', {
        kind: 'rate-limit',
      });
    }
  }

  /** The waits before each retry, doubling up to 30 s, then one last `undefined`: no more retries. */
  *#retryWaits(): Generator<number | undefined> {
    let wait = this.#options.retryWaitMs ?? 2_000;
    for (let retry = 0; retry < (this.#options.retries ?? 6); retry++) {
      yield wait;
      wait = Math.min(wait * 2, MAX_RETRY_WAIT_MS);
    }
    yield undefined;
  }
}

function pathOf(paths: Set<SendPath>): SendReport['path'] {
  if (paths.size === 0) return 'none';
  if (paths.size > 1) return 'mixed';
  return [...paths][0] ?? 'none';
}
