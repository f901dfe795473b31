import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { KeptMessageSchema, type KeptMessage } from '../chat/chat-message.js';
import { ReplyTargetSchema, type ReplyTarget } from '../chat/reply-target.js';
import type { Logger } from '../base/logger.js';
import { readStateFile } from '../base/state-file.js';
import { SyncAppendLog } from '../base/sync-append-log.js';

const Line = z.union([
  z.object({ taken: KeptMessageSchema }),
  z.object({ replying: z.string(), target: ReplyTargetSchema, rest: z.string() }),
  z.object({ done: z.string() }),
]);
type Line = z.infer<typeof Line>;

/** The file before each change was written at once; still read, so an update loses nothing owed. */
const SnapshotFileSchema = z.object({ version: z.literal(1), pending: z.array(KeptMessageSchema) });

/** An answer complete and on its way: where it goes, and the part DingTalk has not taken yet. */
export interface AnswerOnItsWay {
  target: ReplyTarget;
  rest: string;
}

interface Owed {
  message: KeptMessage;
  answer?: AnswerOnItsWay;
}

/**
 * The messages a channel has taken on but not yet answered, and how far each answer got. DingTalk forgets a
 * message once it is ACKed, so every change is on disk before the next step: after a crash the channel answers
 * what is owed, and an answer that was already on its way sends only what DingTalk has not taken.
 */
export class AnswerJournal {
  readonly #owed = new Map<string, Owed>();
  readonly #log: SyncAppendLog;
  #closed = false;

  private constructor(file: string, logger: Logger) {
    this.#log = new SyncAppendLog(file, (error) =>
      logger.error('Could not save the messages waiting for an answer; a crash now could lose them or answer one twice', {
        file,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  /** `file` is the journal; a `snapshotFile` left by an older version is read into it and removed. */
  static async open(file: string, logger: Logger, snapshotFile?: string): Promise<AnswerJournal> {
    const journal = new AnswerJournal(file, logger);
    try {
      for (const line of SyncAppendLog.readValid(file, Line)) journal.#apply(line);
    } catch (error) {
      logger.error('The messages waiting for an answer could not be read; they will not be answered', { file, error: String(error) });
    }
    if (snapshotFile) {
      const saved = await readStateFile(snapshotFile, SnapshotFileSchema, (error) =>
        logger.error('The messages waiting for an answer could not be read; they will not be answered', { file: snapshotFile, error }),
      );
      for (const message of saved?.pending ?? []) journal.#apply({ taken: message });
    }
    if (journal.#log.rewrite(journal.#lines()) && snapshotFile) await rm(snapshotFile, { force: true });
    return journal;
  }

  /** Oldest first. */
  pending(): KeptMessage[] {
    return [...this.#owed.values()].map((owed) => owed.message);
  }

  has(msgId: string): boolean {
    return this.#owed.has(msgId);
  }

  add(message: KeptMessage): void {
    if (this.#owed.has(message.msgId)) return;
    this.#change({ taken: message });
  }

  /** The answer is complete and `rest` of it is still to be taken by DingTalk (nothing: all of it went out). */
  answering(msgId: string, target: ReplyTarget, rest: string): void {
    if (this.#owed.has(msgId)) this.#change({ replying: msgId, target, rest });
  }

  /** The answer on its way when the app stopped, if any. */
  answerOf(msgId: string): AnswerOnItsWay | undefined {
    return this.#owed.get(msgId)?.answer;
  }

  done(msgId: string): void {
    if (this.#owed.has(msgId)) this.#change({ done: msgId });
  }

  close(): void {
    this.#closed = true;
    this.#log.close();
  }

  #change(line: Line): void {
    // Closed with its channel: a later change would reopen the file behind the back of the journal started after it.
    if (this.#closed) return;
    this.#apply(line);
    this.#log.keep(line, this.#owed.size, () => this.#lines(), 200);
  }

  #apply(line: Line): void {
    if ('taken' in line) this.#owed.set(line.taken.msgId, { message: line.taken });
    else if ('done' in line) this.#owed.delete(line.done);
    else {
      const owed = this.#owed.get(line.replying);
      if (owed) owed.answer = { target: line.target, rest: line.rest };
    }
  }

  /** What is owed, as the fewest lines that say it. */
  #lines(): Line[] {
    const lines: Line[] = [];
    for (const { message, answer } of this.#owed.values()) {
      lines.push({ taken: message });
      if (answer) lines.push({ replying: message.msgId, target: answer.target, rest: answer.rest });
    }
    return lines;
  }
}
