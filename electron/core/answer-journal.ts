import { z } from 'zod';
import { BatchWriter } from './batch-writer.js';
import { InboundEnvelopeSchema, type InboundEnvelope } from './dingtalk/envelope.js';
import type { Logger } from './logger.js';
import { readStateFile } from './state-file.js';

const JournalFileSchema = z.object({ version: z.literal(1), pending: z.array(InboundEnvelopeSchema) });

/**
 * The messages a channel has taken on but not yet answered. DingTalk forgets a message once it is ACKed,
 * so these are kept on disk: after a restart (or a crash) the channel answers them instead of dropping them.
 */
export class AnswerJournal {
  readonly #pending = new Map<string, InboundEnvelope>();
  readonly #writer: BatchWriter<null>;

  private constructor(file: string, logger: Logger) {
    this.#writer = BatchWriter.snapshot(
      file,
      () => JSON.stringify({ version: 1, pending: [...this.#pending.values()] }),
      (error) => logger.error('Could not save the messages waiting for an answer; a restart now could lose them', { file, error: String(error) }),
      // A burst of messages costs a few rewrites; a clean stop flushes, only a crash in this window loses any.
      250,
    );
  }

  static async open(file: string, logger: Logger): Promise<AnswerJournal> {
    const journal = new AnswerJournal(file, logger);
    const saved = await readStateFile(file, JournalFileSchema, (error) =>
      logger.error('The messages waiting for an answer could not be read; they will not be answered', { file, error }),
    );
    for (const envelope of saved?.pending ?? []) journal.#pending.set(envelope.msgId, envelope);
    return journal;
  }

  /** Oldest first. */
  pending(): InboundEnvelope[] {
    return [...this.#pending.values()];
  }

  add(envelope: InboundEnvelope): void {
    if (this.#pending.has(envelope.msgId)) return;
    this.#pending.set(envelope.msgId, envelope);
    this.#writer.add(null);
  }

  done(msgId: string): void {
    if (this.#pending.delete(msgId)) this.#writer.add(null);
  }

  flush(): Promise<void> {
    return this.#writer.flush();
  }
}
