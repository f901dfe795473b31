import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { ReplyTargetSchema, type ReplyTarget } from '../chat/reply-target.js';
import { FileSourceSchema, OutgoingFileSchema } from '../chat/outgoing-file.js';
import type { SendOptions, SendReport } from '../chat/send-report.js';
import type { Logger } from '../base/logger.js';
import { ReplyKindSchema, type ReplyKind } from './reply-kind.js';
import { readStateFile } from '../base/state-file.js';
import { spokenDuration } from '../base/spoken-duration.js';
import { SyncAppendLog } from '../base/sync-append-log.js';

/** A picture or file the agent sent, held as it was prepared: the same bytes go when DingTalk takes them. */
const HeldFileSchema = z.object({ file: OutgoingFileSchema, via: FileSourceSchema });
export type HeldFile = z.infer<typeof HeldFileSchema>;

const HeldReplySchema = z.object({
  id: z.string(),
  target: ReplyTargetSchema,
  /** Only what DingTalk has not taken yet: the chunks it did take are never sent again. Empty for a file. */
  text: z.string(),
  file: HeldFileSchema.optional(),
  replyKind: ReplyKindSchema,
  msgId: z.string().optional(),
  heldAt: z.number(),
  /** Why the last try failed, in DingTalk's words. */
  error: z.string(),
});
export type HeldReply = z.infer<typeof HeldReplySchema>;

const Line = z.union([
  z.object({ held: HeldReplySchema }),
  /** DingTalk took part of it, or refused it again: what is left, and why. */
  z.object({ left: z.string(), text: z.string(), error: z.string().optional() }),
  z.object({ released: z.string() }),
]);
type Line = z.infer<typeof Line>;

/** The file before each change was written at once; still read, so an update loses no held reply. */
const SnapshotFileSchema = z.object({ version: z.literal(1), held: z.array(HeldReplySchema) });

type Send = (held: HeldReply, options: Pick<SendOptions, 'progress'>) => Promise<SendReport>;

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
 * Every change is on disk before the next step, down to each part DingTalk takes while one is sent again: a
 * crash then neither loses a held reply nor sends a part of it twice.
 */
export class HeldReplies {
  readonly #held = new Map<string, HeldReply>();
  readonly #log: SyncAppendLog;
  readonly #options: HeldRepliesOptions;
  readonly #now: () => number;
  #round: Promise<ResendOutcome[]> | undefined;
  #closed = false;

  private constructor(file: string, logger: Logger, options: HeldRepliesOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#log = new SyncAppendLog(file, (error) =>
      logger.error('Could not save the replies waiting to be sent; a restart now could lose them or send one twice', {
        file,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  /** `file` is the log; a `snapshotFile` left by an older version is read into it and removed. */
  static async open(file: string, logger: Logger, options: HeldRepliesOptions & { snapshotFile?: string }): Promise<HeldReplies> {
    const replies = new HeldReplies(file, logger, options);
    try {
      for (const line of SyncAppendLog.readValid(file, Line)) replies.#apply(line);
    } catch (error) {
      logger.error('The replies waiting to be sent could not be read; they will not be sent', { file, error: String(error) });
    }
    const { snapshotFile } = options;
    if (snapshotFile) {
      const saved = await readStateFile(snapshotFile, SnapshotFileSchema, (error) =>
        logger.error('The replies waiting to be sent could not be read; they will not be sent', { file: snapshotFile, error }),
      );
      for (const held of saved?.held ?? []) replies.#apply({ held });
    }
    if (replies.#log.rewrite(replies.#lines()) && snapshotFile) await rm(snapshotFile, { force: true });
    return replies;
  }

  get size(): number {
    return this.#held.size;
  }

  /** Oldest first. */
  list(): HeldReply[] {
    return [...this.#held.values()];
  }

  hold(reply: { target: ReplyTarget; text: string; file?: HeldFile; replyKind: ReplyKind; msgId?: string; error: string }): HeldReply {
    const held: HeldReply = { id: randomUUID(), heldAt: this.#now(), ...reply };
    this.#change({ held });
    return held;
  }

  /**
   * Tries every held reply once, oldest first. A conversation whose reply fails again keeps its later ones
   * back too, so nobody reads an answer before the one it follows. One round at a time: a call during a
   * round does nothing, as the round under way reports every outcome once. Once `signal` aborts, the round
   * ends and a reply whose send it cut short stays as it was.
   */
  async resend(send: Send, signal: AbortSignal): Promise<ResendOutcome[]> {
    if (this.#round) return [];
    this.#round = this.#resendAll(send, signal);
    try {
      return await this.#round;
    } finally {
      this.#round = undefined;
    }
  }

  /** Waits for the round under way; every change before it is on disk already. */
  async flush(): Promise<void> {
    await this.#round;
  }

  close(): void {
    this.#closed = true;
    this.#log.close();
  }

  async #resendAll(send: Send, signal: AbortSignal): Promise<ResendOutcome[]> {
    const outcomes: ResendOutcome[] = [];
    const blocked = new Set<string>();
    for (const held of this.list()) {
      if (signal.aborted) break;
      if (blocked.has(held.target.conversationId)) continue;
      const progress = (rest: string) => {
        if (rest && this.#held.has(held.id)) this.#change({ left: held.id, text: rest });
      };
      const report = await send(held, { progress }).catch((error: unknown) => {
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
    this.#change({ left: held.id, text: report.undelivered ?? held.text, error });
    return { held: this.#held.get(held.id) ?? held, result: 'still-held' };
  }

  #release(id: string): void {
    if (this.#held.has(id)) this.#change({ released: id });
  }

  #change(line: Line): void {
    // Closed with its channel: a later change would reopen the file behind the back of the one started after it.
    if (this.#closed) return;
    this.#apply(line);
    this.#log.keep(line, this.#held.size, () => this.#lines(), 100);
  }

  #apply(line: Line): void {
    if ('held' in line) this.#held.set(line.held.id, line.held);
    else if ('released' in line) this.#held.delete(line.released);
    else {
      const held = this.#held.get(line.left);
      if (held) this.#held.set(held.id, { ...held, text: line.text, ...(line.error !== undefined ? { error: line.error } : {}) });
    }
  }

  #lines(): Line[] {
    return [...this.#held.values()].map((held) => ({ held }));
  }
}
