import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchWriter } from '../base/batch-writer.js';
import { TypedEmitter } from '../base/typed-emitter.js';
import type { Logger } from '../base/logger.js';
import { CURRENT_FILE, readNewestEvents, readOlderEvents, rotateEventFiles } from './event-files.js';
import { withContextOnce } from './context-once.js';
import { eventFilter } from './event-filter.js';
import { LogQuerySchema, type LogEvent, type LogQuery, type NewLogEvent } from './event-schema.js';
import { Redactor } from './redactor.js';

export interface EventLogOptions {
  /** Folder for the JSONL files; without it the log lives in memory only. */
  dir?: string;
  /** The newest events, kept in memory as well; older ones are read back from the files when asked for. */
  ringSize?: number;
  /** A file larger than this is rotated. */
  maxFileBytes?: number;
  /** Rotated files kept besides the current one. */
  keepFiles?: number;
  redactor?: Redactor;
  logger?: Logger;
}

export interface LogWriteStatus {
  ok: boolean;
  error?: string;
}

export type EventLogEvents = { appended: [LogEvent]; writeStatus: [LogWriteStatus] };

/**
 * The event log: a bounded ring in memory for the live view and queries, appended to JSONL files on disk with
 * rotation, every event redacted before it is kept anywhere. A disk that fails is reported, never fatal.
 */
export class EventLog extends TypedEmitter<EventLogEvents> {
  readonly redactor: Redactor;
  readonly #ring: LogEvent[] = [];
  readonly #options: Required<Omit<EventLogOptions, 'dir' | 'redactor' | 'logger'>> & Pick<EventLogOptions, 'dir' | 'logger'>;
  readonly #writer: BatchWriter<string>;
  #bytes = 0;
  #lastTime = 0;
  #counter = 0;
  #status: LogWriteStatus = { ok: true };
  /** True once the files may hold events the ring does not: it has dropped some, or history was there at start. */
  #olderOnDisk = false;

  private constructor(options: EventLogOptions) {
    super();
    this.redactor = options.redactor ?? new Redactor();
    this.#options = {
      ringSize: options.ringSize ?? 5_000,
      maxFileBytes: options.maxFileBytes ?? 10 * 1024 * 1024,
      keepFiles: options.keepFiles ?? 5,
      dir: options.dir,
      logger: options.logger,
    };
    this.#writer = new BatchWriter(
      (lines) => this.#write(lines),
      (error) => this.#writeFailed(error),
    );
  }

  static async open(options: EventLogOptions = {}): Promise<EventLog> {
    const log = new EventLog(options);
    await log.#loadTail();
    return log;
  }

  get writeStatus(): LogWriteStatus {
    return this.#status;
  }

  append(event: NewLogEvent): LogEvent {
    const at = Date.now();
    this.#counter = at === this.#lastTime ? this.#counter + 1 : 0;
    this.#lastTime = at;
    const id = `${at.toString(36).padStart(9, '0')}-${this.#counter.toString(36).padStart(4, '0')}`;
    const entry = this.redactor.redact({ ...event, id, at } as LogEvent);
    this.#ring.push(entry);
    if (this.#ring.length > this.#options.ringSize) {
      this.#ring.splice(0, this.#ring.length - this.#options.ringSize);
      this.#olderOnDisk = true;
    }
    this.#persist(entry);
    this.emit('appended', entry);
    return entry;
  }

  /** From memory only, so at once: the newest events matching every filter, newest last, at most `limit`. */
  recent(input: LogQuery = {}): LogEvent[] {
    const query = LogQuerySchema.parse(input);
    const test = eventFilter(query);
    const out: LogEvent[] = [];
    for (let i = this.#ring.length - 1; i >= 0 && out.length < query.limit; i--) {
      const event = this.#ring[i];
      if (event && test(event)) out.push(event);
    }
    return out.reverse();
  }

  /** The whole history, memory then files: the newest events matching every filter, newest last, at most `limit`. */
  async query(input: LogQuery = {}): Promise<LogEvent[]> {
    const query = LogQuerySchema.parse(input);
    const events = await this.#query(query);
    return query.contextOnce ? withContextOnce(events) : events;
  }

  async #query(query: LogQuery & { limit: number }): Promise<LogEvent[]> {
    const newest = this.recent(query);
    const dir = this.#options.dir;
    if (newest.length >= query.limit || !dir || !this.#olderOnDisk) return newest;
    await this.flush();
    const oldestInMemory = this.#ring[0]?.id;
    const before = query.before !== undefined && oldestInMemory !== undefined && query.before < oldestInMemory ? query.before : oldestInMemory;
    const older = await readOlderEvents(dir, this.#options.keepFiles, before, query.limit - newest.length, eventFilter(query));
    return older.concat(newest);
  }

  flush(): Promise<void> {
    return this.#writer.flush();
  }

  #persist(event: LogEvent): void {
    if (this.#options.dir) this.#writer.add(`${JSON.stringify(event)}\n`);
  }

  /** Appends a batch of lines, rotating between them wherever the current file would grow past its limit. */
  async #write(lines: string[]): Promise<void> {
    const dir = this.#options.dir;
    if (!dir) return;
    await mkdir(dir, { recursive: true });
    let chunk = '';
    let chunkBytes = 0;
    const append = async () => {
      if (chunk) await appendFile(join(dir, CURRENT_FILE), chunk, { encoding: 'utf8', mode: 0o600 });
      this.#bytes += chunkBytes;
      chunk = '';
      chunkBytes = 0;
    };
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      const size = this.#bytes + chunkBytes;
      if (size > 0 && size + bytes > this.#options.maxFileBytes) {
        await append();
        await this.#rotate(dir);
      }
      chunk += line;
      chunkBytes += bytes;
    }
    await append();
    if (!this.#status.ok) this.#setStatus({ ok: true });
  }

  #writeFailed(error: unknown): void {
    if (!this.#status.ok) return;
    const message = error instanceof Error ? error.message : String(error);
    this.#options.logger?.error('The event log cannot be written; events are kept in memory only', { error: message });
    this.#setStatus({ ok: false, error: `The event log cannot be written to ${this.#options.dir}: ${message}` });
  }

  async #rotate(dir: string): Promise<void> {
    await rotateEventFiles(dir, this.#options.keepFiles);
    this.#bytes = 0;
  }

  /** Puts the newest events from the last run back into the ring, so history survives a restart. */
  async #loadTail(): Promise<void> {
    const dir = this.#options.dir;
    if (!dir) return;
    const { events, fileBytes } = await readNewestEvents(dir, this.#options.ringSize, 8 * 1024 * 1024);
    this.#bytes = fileBytes;
    this.#ring.push(...events);
    this.#olderOnDisk = fileBytes > 0;
    const last = this.#ring.at(-1);
    if (last) this.#lastTime = last.at;
  }

  #setStatus(status: LogWriteStatus): void {
    this.#status = status;
    this.emit('writeStatus', status);
  }
}
