import type { Logger } from '../../base/logger.js';
import { SyncAppendLog } from '../../base/sync-append-log.js';
import { InboundEnvelopeSchema, type InboundEnvelope } from './envelope.js';

export interface InboxOptions {
  /** JSON-lines file that keeps what must survive a restart; without it the inbox is memory only. */
  file?: string;
  /** DingTalk redelivers an un-ACKed message about a minute later; keep ids well beyond that. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  logger?: Logger;
}

export const DEFAULT_DEDUPE_TTL_MS = 15 * 60_000;

/** A line of the file: a seen id and when it may be forgotten, with the message while it is not handed on yet. */
type Line = [string, number] | [string, number, InboundEnvelope];

/**
 * The bot's inbox. Every message is written down here before DingTalk gets its ACK (after which DingTalk never
 * sends it again), and stays until whoever took it on says it is handed on; after a crash the messages still
 * here are taken on again. It also keeps the ids of messages seen, so a redelivered one is never answered twice.
 */
export class Inbox {
  readonly #seen = new Map<string, number>();
  readonly #waiting = new Map<string, InboundEnvelope>();
  readonly #log: SyncAppendLog | undefined;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #compacting = false;
  #closed = false;

  private constructor(options: InboxOptions) {
    // The bot keeps answering from memory; only a restart or crash before the disk works again costs anything.
    this.#log = options.file
      ? new SyncAppendLog(options.file, (error) =>
          options.logger?.warn('Could not save the messages received; after a restart one could be missed or answered twice', {
            file: options.file,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
      : undefined;
    this.#ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.#maxEntries = options.maxEntries ?? 50_000;
    this.#now = options.now ?? Date.now;
  }

  static open(options: InboxOptions = {}): Inbox {
    const inbox = new Inbox(options);
    inbox.#load(options.logger);
    return inbox;
  }

  /** Ids remembered, whether handed on or not. */
  get size(): number {
    return this.#seen.size;
  }

  /** True, with the message on disk, the first time it is offered within the TTL; false for a repeat. */
  take(envelope: InboundEnvelope): boolean {
    const now = this.#now();
    this.#prune(now);
    const id = envelope.msgId;
    const expiresAt = this.#seen.get(id);
    if (this.#waiting.has(id) || (expiresAt !== undefined && expiresAt > now)) return false;
    this.#seen.set(id, now + this.#ttlMs);
    this.#waiting.set(id, envelope);
    this.#write([id, now + this.#ttlMs, envelope]);
    return true;
  }

  /** The message is safe elsewhere (or needs nothing more): it is not taken on again after a restart. */
  handedOn(msgId: string): void {
    if (!this.#waiting.delete(msgId)) return;
    this.#write([msgId, this.#seen.get(msgId) ?? this.#now() + this.#ttlMs]);
  }

  /** The messages taken but not handed on, oldest first: after a restart, these are still owed. */
  waiting(): InboundEnvelope[] {
    return [...this.#waiting.values()];
  }

  close(): void {
    this.#closed = true;
    this.#log?.close();
  }

  #prune(now: number): void {
    for (const [id, expiresAt] of this.#seen) {
      if (expiresAt > now && this.#seen.size <= this.#maxEntries) break;
      this.#seen.delete(id);
    }
  }

  #load(logger: Logger | undefined): void {
    if (!this.#log) return;
    let records: unknown[];
    try {
      records = SyncAppendLog.read(this.#log.file);
    } catch (error) {
      logger?.warn('Could not read the messages received before; any still owed an answer are lost', { file: this.#log.file, error: String(error) });
      records = [];
    }
    for (const record of records) {
      const line = lineOf(record);
      if (!line) continue;
      const [id, expiresAt, envelope] = line;
      this.#seen.delete(id);
      this.#seen.set(id, expiresAt);
      if (envelope) this.#waiting.set(id, envelope);
      else this.#waiting.delete(id);
    }
    this.#prune(this.#now());
    this.#compact();
  }

  #write(line: Line): void {
    const log = this.#log;
    // Closed with its bot: a later change would reopen the file behind the back of the bot started after it.
    if (!log || this.#closed) return;
    log.append(line);
    // A rewrite takes milliseconds: it waits until the ACKs of the frames that came together have gone out.
    if (!this.#compacting && log.lines > 2 * Math.max(this.#seen.size + this.#waiting.size, 1000)) {
      this.#compacting = true;
      setImmediate(() => {
        this.#compacting = false;
        this.#compact();
      });
    }
  }

  /** Rewrites the file with only what is still live. */
  #compact(): void {
    const log = this.#log;
    if (!log || this.#closed) return;
    const lines: Line[] = [];
    for (const [id, expiresAt] of this.#seen) {
      const envelope = this.#waiting.get(id);
      lines.push(envelope ? [id, expiresAt, envelope] : [id, expiresAt]);
    }
    // A message still owed outlives its id's TTL: it was pruned from the ids, not from what is owed.
    for (const [id, envelope] of this.#waiting) if (!this.#seen.has(id)) lines.push([id, this.#now() + this.#ttlMs, envelope]);
    log.rewrite(lines);
  }
}

function lineOf(value: unknown): Line | undefined {
  if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'number') return undefined;
  if (value.length < 3) return [value[0], value[1]];
  const envelope = InboundEnvelopeSchema.safeParse(value[2]);
  return envelope.success ? [value[0], value[1], envelope.data] : [value[0], value[1]];
}
