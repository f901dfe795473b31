import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { DingTalkError, type DingTalkErrorKind } from './errors.js';
import type { ConnectionProblem } from './connection-problem.js';
import { postSessionWebhook, type DingTalkRestClient } from './rest-client.js';
import { DEFAULT_CHUNK_LIMITS, splitMarkdown, titleFrom, utf8Length, type ChunkLimits } from './chunker.js';
import { convertTables, type TableMode } from './markdown-tables.js';
import { SendLimits } from './send-limits.js';

/** Where a reply goes: the conversation, its webhook while it lives, and the DM user for the Open API. */
export const ReplyTargetSchema = z.object({
  conversationId: z.string(),
  conversationType: z.enum(['dm', 'group']),
  /** The DM user's staffId, needed when the webhook is gone. */
  staffId: z.string().optional(),
  webhook: z.object({ url: z.string(), expiresAt: z.number().optional() }).optional(),
});
export type ReplyTarget = z.infer<typeof ReplyTargetSchema>;

export type SendPath = 'webhook' | 'openapi';

export interface SendAttempt {
  chunk: number;
  path: SendPath;
  ok: boolean;
  error?: string;
}

export interface SendReport {
  ok: boolean;
  chunks: number;
  delivered: number;
  /** The path every delivered chunk took, or `mixed`. */
  path: SendPath | 'mixed' | 'none';
  attempts: SendAttempt[];
  error?: string;
  /** When it failed: why, as a code the window words in the user's language. */
  problem?: ConnectionProblem;
  /** When it failed: whether the same send may succeed later (DingTalk failing, limits, credentials, permissions). */
  retryable?: boolean;
  /** When it failed: the text DingTalk has not taken, so sending it later repeats nothing already delivered. */
  undelivered?: string;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** Called each time DingTalk has taken a chunk, with the text it has not taken yet ('' after the last). */
  progress?: (rest: string) => void;
  /** Called when DingTalk has refused the reply for rate on every path, with how long it waits for the limit to pass. */
  waiting?: (waitMs: number) => void;
}

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

type Delivery = { ok: true; path: SendPath } | { ok: false; error: string; kind?: DingTalkErrorKind; problem?: ConnectionProblem; rest: string };

/** One reply's chunk on its way: where it goes, its title and number, and the record of every try. */
interface ChunkJob {
  target: ReplyTarget;
  title: string;
  number: number;
  attempts: SendAttempt[];
  signal: AbortSignal | undefined;
  waiting: ((waitMs: number) => void) | undefined;
}

/**
 * Sends markdown replies so that they arrive: tables rewritten, split into chunks DingTalk accepts, at once,
 * through the session webhook while it lives and the Open API when it does not, and through the other of the
 * two while DingTalk says one is over its rate limit.
 */
export class ReplySender {
  readonly #options: ReplySenderOptions;
  readonly #limits: SendLimits;
  readonly #now: () => number;
  readonly #deadWebhooks = new Set<string>();

  constructor(options: ReplySenderOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#limits = new SendLimits({
      ...(options.rateWindowMs !== undefined ? { windowMs: options.rateWindowMs } : {}),
      ...(options.retryWaitMs !== undefined ? { firstWaitMs: options.retryWaitMs } : {}),
      now: this.#now,
    });
  }

  async send(target: ReplyTarget, markdown: string, { signal, progress, waiting }: SendOptions = {}): Promise<SendReport> {
    const text = convertTables(markdown, this.#options.tables ?? 'text');
    const chunks = splitMarkdown(text, this.#options.limits ?? DEFAULT_CHUNK_LIMITS);
    const title = titleFrom(text);
    const attempts: SendAttempt[] = [];
    const paths = new Set<SendPath>();
    let delivered = 0;
    for (const [index, chunk] of chunks.entries()) {
      const outcome = await this.#deliver({ target, title, number: index + 1, attempts, signal, waiting }, chunk);
      if (!outcome.ok) {
        return {
          ok: false,
          chunks: chunks.length,
          delivered,
          path: pathOf(paths),
          attempts,
          error: outcome.error,
          ...(outcome.problem ? { problem: outcome.problem } : {}),
          retryable: outcome.kind === undefined || !FINAL.has(outcome.kind),
          undelivered: [outcome.rest, ...chunks.slice(index + 1)].join('\n'),
        };
      }
      delivered += 1;
      paths.add(outcome.path);
      progress?.(chunks.slice(index + 1).join('\n'));
    }
    return { ok: true, chunks: chunks.length, delivered, path: pathOf(paths), attempts };
  }

  /** One chunk, by every route in turn; while DingTalk is unreachable or failing, the whole round again later. */
  async #deliver(job: ChunkJob, chunk: string): Promise<Delivery> {
    for (const wait of this.#retryWaits()) {
      const outcome = await this.#deliverOnce(job, chunk);
      if (outcome.ok || outcome.kind === undefined || !TRANSIENT.has(outcome.kind) || wait === undefined || job.signal?.aborted) return outcome;
      this.#options.logger.warn('DingTalk could not take a reply just now; trying again', { waitMs: wait, reason: outcome.error });
      await delay(wait, undefined, { signal: job.signal }).catch(() => undefined);
    }
    return { ok: false, error: 'The reply could not be sent.', rest: chunk };
  }

  /**
   * One chunk by the first path DingTalk takes it on: the webhook, then the Open API. A path DingTalk has said is
   * over its rate limit is passed over until it frees up; only when every path is limited does the chunk wait.
   */
  async #deliverOnce(job: ChunkJob, chunk: string): Promise<Delivery> {
    const { target, number, attempts, signal, waiting } = job;
    let failure: DingTalkError | undefined;
    for (const wait of this.#retryWaits()) {
      const routes = this.#routes(job, chunk);
      for (const [path, send] of routes) {
        if (this.#limits.freeAt(path, target.conversationId)) continue;
        try {
          await send();
          this.#limits.sent(path, target.conversationId);
          attempts.push({ chunk: number, path, ok: true });
          return { ok: true, path };
        } catch (error) {
          failure = asDingTalkError(error);
          attempts.push({ chunk: number, path, ok: false, error: failure.message });
          if (failure.kind === 'too-large') return this.#deliverHalves(job, chunk);
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
      if (!Number.isFinite(freeAt) || wait === undefined || signal?.aborted) break;
      const waitMs = Math.max(0, freeAt - this.#now());
      this.#options.logger.warn('DingTalk rate-limits every path for this conversation; waiting', { waitMs });
      waiting?.(waitMs);
      await delay(waitMs, undefined, { signal }).catch(() => undefined);
    }
    return {
      ok: false,
      error: failure?.message ?? 'The reply could not be sent.',
      ...(failure ? { kind: failure.kind } : {}),
      ...(failure?.problem ? { problem: failure.problem } : {}),
      rest: chunk,
    };
  }

  /** The ways this chunk can go now: the webhook while it lives, then the Open API. */
  #routes(job: ChunkJob, chunk: string): Array<[SendPath, () => Promise<void>]> {
    const { target, title } = job;
    const webhook = this.#usableWebhook(target);
    const routes: Array<[SendPath, () => Promise<void>]> = [];
    if (webhook) {
      const payload = { msgtype: 'markdown', markdown: { title, text: chunk } };
      routes.push(['webhook', () => postSessionWebhook(webhook, payload, { what: 'the reply' })]);
    }
    routes.push(['openapi', () => this.#sendOpenApi(target, chunk, title)]);
    return routes;
  }

  /** DingTalk said the message was too large for it: send the same text as two smaller messages. */
  async #deliverHalves(job: ChunkJob, chunk: string): Promise<Delivery> {
    if (chunk.length <= MIN_SPLIT_CHARS) {
      return { ok: false, error: 'DingTalk refused even a short message as too large.', kind: 'too-large', rest: chunk };
    }
    const halves = splitMarkdown(chunk, {
      maxChars: Math.max(MIN_SPLIT_CHARS, Math.ceil(chunk.length / 2) + 16),
      maxBytes: Math.max(MIN_SPLIT_CHARS * 4, Math.ceil(utf8Length(chunk) / 2) + 64),
    });
    let path: SendPath = 'webhook';
    for (const [index, half] of halves.entries()) {
      const outcome = await this.#deliver(job, half);
      if (!outcome.ok) return { ...outcome, rest: [outcome.rest, ...halves.slice(index + 1)].join('\n') };
      path = outcome.path;
    }
    return { ok: true, path };
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

function asDingTalkError(error: unknown): DingTalkError {
  if (error instanceof DingTalkError) return error;
  return new DingTalkError(`Sending failed: ${error instanceof Error ? error.message : String(error)}`, { kind: 'network' });
}

function pathOf(paths: Set<SendPath>): SendReport['path'] {
  if (paths.size === 0) return 'none';
  if (paths.size > 1) return 'mixed';
  return [...paths][0] ?? 'none';
}
