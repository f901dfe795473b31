import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BatchWriter } from './batch-writer.js';
import { ReplyTargetSchema, type ReplyTarget, type SendReport } from './dingtalk/outbound.js';
import type { Logger } from './logger.js';
import { ReplyKindSchema, type ReplyKind } from './agents/turn-input.js';
import { readStateFile } from './state-file.js';
import { spokenDuration } from './spoken-duration.js';

const HeldReplySchema = z.object({
  id: z.string(),
  target: ReplyTargetSchema,
  /** Only what DingTalk has not taken yet: the chunks it did take are never sent again. */
  text: z.string(),
  replyKind: ReplyKindSchema,
  msgId: z.string().optional(),
  heldAt: z.number(),
  /** Why the last try failed, in DingTalk's words. */
  error: z.string(),
});
export type HeldReply = z.infer<typeof HeldReplySchema>;

const HeldFileSchema = z.object({ version: z.literal(1), held: z.array(HeldReplySchema) });

/** What became of one held reply in a round of tries. */
export type ResendOutcome =
  | { held: HeldReply; result: 'sent'; report: SendReport }
  | { held: HeldReply; result: 'failed'; error: string }
  | { held: HeldReply; result: 'still-held' };

export interface HeldRepliesOptions {
  /** After this long a reply is given up and recorded as failed. */
  maxHoldMs: number;
  now?: () => number;
}

/**
 * Replies DingTalk did not take after every retry, kept on disk and tried again later, so that an outage
 * longer than the retries delays an answer instead of losing it. Each conversation's replies keep their order.
 */
export class HeldReplies {
  readonly #held = new Map<string, HeldReply>();
  readonly #writer: BatchWriter<null>;
  readonly #options: HeldRepliesOptions;
  readonly #now: () => number;
  #round: Promise<ResendOutcome[]> | undefined;

  private constructor(file: string, logger: Logger, options: HeldRepliesOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#writer = BatchWriter.snapshot(
      file,
      () => JSON.stringify({ version: 1, held: [...this.#held.values()] }),
      (error) => logger.error('Could not save the replies waiting to be sent; a restart now could lose them', { file, error: String(error) }),
    );
  }

  static async open(file: string, logger: Logger, options: HeldRepliesOptions): Promise<HeldReplies> {
    const replies = new HeldReplies(file, logger, options);
    const saved = await readStateFile(file, HeldFileSchema, (error) =>
      logger.error('The replies waiting to be sent could not be read; they will not be sent', { file, error }),
    );
    for (const held of saved?.held ?? []) replies.#held.set(held.id, held);
    return replies;
  }

  get size(): number {
    return this.#held.size;
  }

  /** Oldest first. */
  list(): HeldReply[] {
    return [...this.#held.values()];
  }

  hold(reply: { target: ReplyTarget; text: string; replyKind: ReplyKind; msgId?: string; error: string }): HeldReply {
    const held: HeldReply = { id: randomUUID(), heldAt: this.#now(), ...reply };
    this.#held.set(held.id, held);
    this.#writer.add(null);
    return held;
  }

  /**
   * Tries every held reply once, oldest first. A conversation whose reply fails again keeps its later ones
   * back too, so nobody reads an answer before the one it follows. One round at a time: a call during a
   * round does nothing, as the round under way reports every outcome once. Once `signal` aborts, the round
   * ends and a reply whose send it cut short stays as it was.
   */
  async resend(send: (target: ReplyTarget, text: string) => Promise<SendReport>, signal: AbortSignal): Promise<ResendOutcome[]> {
    if (this.#round) return [];
    this.#round = this.#resendAll(send, signal);
    try {
      return await this.#round;
    } finally {
      this.#round = undefined;
    }
  }

  /** Waits for the round under way, then writes what is waiting. */
  async flush(): Promise<void> {
    await this.#round;
    await this.#writer.flush();
  }

  async #resendAll(send: (target: ReplyTarget, text: string) => Promise<SendReport>, signal: AbortSignal): Promise<ResendOutcome[]> {
    const outcomes: ResendOutcome[] = [];
    const blocked = new Set<string>();
    for (const held of this.list()) {
      if (signal.aborted) break;
      if (blocked.has(held.target.conversationId)) continue;
      const report = await send(held.target, held.text).catch((error: unknown) => {
        if (signal.aborted) return undefined;
        throw error;
      });
      if (!report || (!report.ok && signal.aborted)) break;
      outcomes.push(this.#settle(held, report));
      if (!report.ok) blocked.add(held.target.conversationId);
    }
    return outcomes;
  }

  #settle(held: HeldReply, report: SendReport): ResendOutcome {
    if (report.ok) {
      this.#release(held.id);
      return { held, result: 'sent', report };
    }
    const error = report.error ?? 'unknown error';
    if (!report.retryable) {
      this.#release(held.id);
      return { held, result: 'failed', error };
    }
    if (this.#now() - held.heldAt >= this.#options.maxHoldMs) {
      this.#release(held.id);
      return { held, result: 'failed', error: `DingTalk did not take this reply for ${spokenDuration(this.#options.maxHoldMs)}, so it was given up. Last error: ${error}` };
    }
    const still = { ...held, text: report.undelivered ?? held.text, error };
    this.#held.set(held.id, still);
    this.#writer.add(null);
    return { held: still, result: 'still-held' };
  }

  #release(id: string): void {
    if (this.#held.delete(id)) this.#writer.add(null);
  }
}
