import { writeFileAtomic } from './atomic-write.js';

/**
 * Serialises the writes to one file and batches them: whatever is added while a write is under way, or
 * while the writer waits out `minIntervalMs` since the last one, goes out together in the next write. A
 * burst of a thousand changes costs a handful of writes instead of a thousand.
 */
export class BatchWriter<T> {
  #queue: T[] = [];
  #running: Promise<void> | undefined;
  #lastWriteAt = 0;
  #flushing = false;
  #wake: (() => void) | undefined;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly minIntervalMs = 0,
  ) {}

  /**
   * A file that always ends up holding the latest state: each write renders it anew and replaces the file
   * atomically, at most once every `minIntervalMs`.
   */
  static snapshot(file: string, render: () => string, onError: (error: unknown) => void, minIntervalMs = 0): BatchWriter<null> {
    return new BatchWriter<null>(() => writeFileAtomic(file, render()), onError, minIntervalMs);
  }

  add(item: T): void {
    this.#queue.push(item);
    this.#running ??= this.#drain();
  }

  /** Writes what is waiting now, without waiting out the interval; resolves once all of it is written (or failed). */
  async flush(): Promise<void> {
    this.#flushing = true;
    this.#wake?.();
    try {
      while (this.#running) await this.#running;
    } finally {
      this.#flushing = false;
    }
  }

  async #drain(): Promise<void> {
    // Waiting a turn lets the changes made by the same piece of work join the first write.
    await Promise.resolve();
    while (this.#queue.length > 0) {
      await this.#waitForInterval();
      const batch = this.#queue;
      this.#queue = [];
      this.#lastWriteAt = Date.now();
      try {
        await this.write(batch);
      } catch (error) {
        this.onError(error);
      }
    }
    this.#running = undefined;
  }

  async #waitForInterval(): Promise<void> {
    const wait = this.#lastWriteAt + this.minIntervalMs - Date.now();
    if (wait <= 0 || this.#flushing) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }
}
