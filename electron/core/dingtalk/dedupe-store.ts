import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { writeFileAtomic } from '../atomic-write.js';

export interface DedupeStoreOptions {
  /** JSON-lines file that keeps seen ids across restarts; without it the store is memory only. */
  file?: string;
  /** DingTalk redelivers an un-ACKed message about a minute later; keep ids well beyond that. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  logger?: Logger;
}

export const DEFAULT_DEDUPE_TTL_MS = 15 * 60_000;

/** Message ids already handled, so a redelivered message is never answered twice, even after a restart. */
export class DedupeStore {
  readonly #seen = new Map<string, number>();
  readonly #file: string | undefined;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  #linesOnDisk = 0;
  #writes: Promise<void> = Promise.resolve();
  #persistFailed = false;

  private constructor(options: DedupeStoreOptions) {
    this.#file = options.file;
    this.#ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.#maxEntries = options.maxEntries ?? 50_000;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
  }

  static async open(options: DedupeStoreOptions = {}): Promise<DedupeStore> {
    const store = new DedupeStore(options);
    await store.#load();
    return store;
  }

  get size(): number {
    return this.#seen.size;
  }

  /** True the first time `id` is offered within the TTL; false for a repeat. */
  claim(id: string): boolean {
    const now = this.#now();
    this.#prune(now);
    const expiresAt = this.#seen.get(id);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.#seen.set(id, now + this.#ttlMs);
    this.#persist(id, now + this.#ttlMs);
    return true;
  }

  /** Resolves once everything claimed so far is on disk (or has failed to get there). */
  async flush(): Promise<void> {
    await this.#writes;
  }

  #prune(now: number): void {
    for (const [id, expiresAt] of this.#seen) {
      if (expiresAt > now && this.#seen.size <= this.#maxEntries) break;
      this.#seen.delete(id);
    }
  }

  async #load(): Promise<void> {
    if (!this.#file) return;
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#warn(error);
      return;
    }
    const now = this.#now();
    for (const line of text.split('\n')) {
      const entry = parseLine(line);
      if (entry && entry[1] > now) this.#seen.set(entry[0], entry[1]);
    }
    this.#prune(now);
    this.#enqueue(() => this.#compact());
  }

  #persist(id: string, expiresAt: number): void {
    const file = this.#file;
    if (!file) return;
    this.#linesOnDisk += 1;
    if (this.#linesOnDisk > 2 * Math.max(this.#seen.size, 1000)) {
      this.#enqueue(() => this.#compact());
      return;
    }
    const line = `${JSON.stringify([id, expiresAt])}\n`;
    this.#enqueue(async () => {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, line, 'utf8');
    });
  }

  async #compact(): Promise<void> {
    const file = this.#file;
    if (!file) return;
    const lines = [...this.#seen].map((entry) => JSON.stringify(entry)).join('\n');
    await writeFileAtomic(file, lines ? `${lines}\n` : '');
    this.#linesOnDisk = this.#seen.size;
  }

  #enqueue(write: () => Promise<void>): void {
    this.#writes = this.#writes.then(write).then(
      () => {
        this.#persistFailed = false;
      },
      (error: unknown) => this.#warn(error),
    );
  }

  #warn(error: unknown): void {
    // Losing the file only weakens dedupe across a restart; the bridge keeps answering from memory.
    if (this.#persistFailed) return;
    this.#persistFailed = true;
    this.#logger?.warn('Could not save handled message ids; duplicates may be answered after a restart', {
      file: this.#file,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

function parseLine(line: string): [string, number] | undefined {
  if (!line.trim()) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number') {
      return [value[0], value[1]];
    }
  } catch {
    // A line cut short by a crash is skipped; the rest of the file still counts.
  }
  return undefined;
}
