import { writeFileAtomic } from './atomic-write.js';

/**
 * Serialises the writes to one file and batches them: whatever is added while a write is under way goes out
 * together in the next one, so a burst of a thousand changes costs a handful of writes instead of a thousand.
 */
export class BatchWriter<T> {
  #queue: T[] = [];
  #running: Promise<void> | undefined;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** A file that always ends up holding the latest state: each write renders it anew and replaces the file atomically. */
  static snapshot(file: string, render: () => string, onError: (error: unknown) => void): BatchWriter<null> {
    return new BatchWriter<null>(() => writeFileAtomic(file, render()), onError);
  }

  add(item: T): void {
    this.#queue.push(item);
    this.#running ??= this.#drain();
  }

  /** Resolves once everything added so far has been written (or has failed to be). */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    // Waiting a turn lets the changes made by the same piece of work join the first write.
    await Promise.resolve();
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        await this.write(batch);
      } catch (error) {
        this.onError(error);
      }
    }
    this.#running = undefined;
  }
}
