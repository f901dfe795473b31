import { z } from 'zod';
import type { Logger } from '../base/logger.js';
import { BatchWriter } from '../base/batch-writer.js';
import { readStateFile } from '../base/state-file.js';
import { SessionRecordSchema, type SessionRecord } from './session-schema.js';
import type { SessionScope } from './conversation-settings.js';
import type { TurnInput } from './turn-input.js';


const SessionFileSchema = z.object({ version: z.literal(1), sessions: z.record(z.string(), SessionRecordSchema) });

/** The routing key of a message: whose session it belongs to under the channel's scope. */
export function sessionKeyFor(turn: Pick<TurnInput, 'senderId' | 'conversationId'>, scope: SessionScope): string {
  switch (scope) {
    case 'user':
      return `user:${turn.conversationId}:${turn.senderId}`;
    case 'thread':
      return `thread:${turn.conversationId}`;
    case 'single':
      return 'single';
  }
}

/**
 * Which ACP session serves which key, kept on disk so that after a restart the conversation continues in the
 * same agent session (through `session/load`) instead of starting from nothing.
 */
export class SessionStore {
  readonly #records = new Map<string, SessionRecord>();
  readonly #writer: BatchWriter<null> | undefined;

  private constructor(file: string | undefined, logger: Logger) {
    this.#writer =
      file === undefined
        ? undefined
        : BatchWriter.snapshot(
            file,
            () => JSON.stringify({ version: 1, sessions: Object.fromEntries(this.#records) }),
            (error) => logger.warn('Could not save the agent sessions', { file, error: String(error) }),
            // Every message touches its session; once a second is plenty for a file read only at start.
            1_000,
          );
  }

  static async open(file: string | undefined, logger: Logger): Promise<SessionStore> {
    const store = new SessionStore(file, logger);
    if (file) {
      const saved = await readStateFile(file, SessionFileSchema, (error) =>
        logger.warn('The saved agent sessions could not be read; starting fresh', { file, error }),
      );
      for (const [key, record] of Object.entries(saved?.sessions ?? {})) store.#records.set(key, record);
    }
    return store;
  }

  get(key: string): SessionRecord | undefined {
    return this.#records.get(key);
  }

  entries(): Array<[string, SessionRecord]> {
    return [...this.#records];
  }

  set(key: string, record: SessionRecord): void {
    this.#records.set(key, record);
    this.#save();
  }

  touch(key: string, at: number): void {
    const record = this.#records.get(key);
    if (!record) return;
    record.lastUsedAt = at;
    this.#save();
  }

  delete(key: string): void {
    if (this.#records.delete(key)) this.#save();
  }

  async flush(): Promise<void> {
    await this.#writer?.flush();
  }

  #save(): void {
    this.#writer?.add(null);
  }
}
