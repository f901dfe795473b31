import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { writeFileAtomic } from '../atomic-write.js';
import { BatchWriter } from '../batch-writer.js';
import { PRIVATE_FILE_MODE } from '../private-files.js';

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
  readonly #writer: BatchWriter<string>;
  #persistFailed = false;

  private constructor(options: DedupeStoreOptions) {
    this.#file = options.file;
    this.#ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.#maxEntries = options.maxEntries ?? 50_000;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
    this.#writer = new BatchWriter(
      async (lines) => {
        await this.#write(lines);
        this.#persistFailed = false;
      },
      (error) => this.#warn(error),
    );
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
  flush(): Promise<void> {
    return this.#writer.flush();
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
    await this.#compact().catch((error: unknown) => this.#warn(error));
  }

  #persist(id: string, expiresAt: number): void {
    if (this.#file) this.#writer.add(`${JSON.stringify([id, expiresAt])}\n`);
  }

  /** Appends the new ids, or rewrites the file with only the live ones once it has grown twice too long. */
  async #write(lines: string[]): Promise<void> {
    const file = this.#file;
    if (!file) return;
    if (this.#linesOnDisk + lines.length > 2 * Math.max(this.#seen.size, 1000)) {
      await this.#compact();
      return;
    }
    await mkdir(dirname(file), { recursive: true });
    // Created private like every state file: the ids tell who wrote to the bot and when.
    await appendFile(file, lines.join(''), { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
    this.#linesOnDisk += lines.length;
  }

  async #compact(): Promise<void> {
    const file = this.#file;
    if (!file) return;
    const lines = [...this.#seen].map((entry) => JSON.stringify(entry)).join('\n');
    await writeFileAtomic(file, lines ? `${lines}\n` : '');
    this.#linesOnDisk = this.#seen.size;
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
