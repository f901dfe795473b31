import { appendFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TypedEmitter } from '../typed-emitter.js';
import type { Logger } from '../logger.js';
import { LogEventSchema, LogQuerySchema, type LogEvent, type LogQuery, type NewLogEvent } from './event-schema.js';
import { Redactor } from './redactor.js';

export interface EventLogOptions {
  /** Folder for the JSONL files; without it the log lives in memory only. */
  dir?: string;
  /** Events kept in memory for the live view and queries. */
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

const FILE = 'events.jsonl';

/**
 * The event log: a bounded ring in memory for the live view and queries, appended to JSONL files on disk with
 * rotation, every event redacted before it is kept anywhere. A disk that fails is reported, never fatal.
 */
export class EventLog extends TypedEmitter<EventLogEvents> {
  readonly redactor: Redactor;
  readonly #ring: LogEvent[] = [];
  readonly #options: Required<Omit<EventLogOptions, 'dir' | 'redactor' | 'logger'>> & Pick<EventLogOptions, 'dir' | 'logger'>;
  #writes: Promise<void> = Promise.resolve();
  #bytes = 0;
  #lastTime = 0;
  #counter = 0;
  #status: LogWriteStatus = { ok: true };

  private constructor(options: EventLogOptions) {
    super();
    this.redactor = options.redactor ?? new Redactor();
    this.#options = {
      ringSize: options.ringSize ?? 50_000,
      maxFileBytes: options.maxFileBytes ?? 10 * 1024 * 1024,
      keepFiles: options.keepFiles ?? 5,
      dir: options.dir,
      logger: options.logger,
    };
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
    if (this.#ring.length > this.#options.ringSize) this.#ring.splice(0, this.#ring.length - this.#options.ringSize);
    this.#persist(entry);
    this.emit('appended', entry);
    return entry;
  }

  /** Newest last, at most `limit`, matching every given filter. */
  query(input: LogQuery = {}): LogEvent[] {
    const query = LogQuerySchema.parse(input);
    const words = query.text?.toLowerCase();
    const kinds = query.kinds?.length ? new Set(query.kinds) : undefined;
    const out: LogEvent[] = [];
    for (let i = this.#ring.length - 1; i >= 0 && out.length < query.limit; i--) {
      const event = this.#ring[i];
      if (!event) continue;
      if (query.before && event.id >= query.before) continue;
      if (query.channel && event.channel !== query.channel) continue;
      if (kinds && !kinds.has(event.kind)) continue;
      if (query.conversationId && !('conversationId' in event && event.conversationId === query.conversationId)) continue;
      if (query.sender && !matchesSender(event, query.sender)) continue;
      if (words && !JSON.stringify(event).toLowerCase().includes(words)) continue;
      out.push(event);
    }
    return out.reverse();
  }

  async flush(): Promise<void> {
    await this.#writes;
  }

  #persist(event: LogEvent): void {
    const dir = this.#options.dir;
    if (!dir) return;
    const line = `${JSON.stringify(event)}\n`;
    this.#writes = this.#writes
      .then(async () => {
        await mkdir(dir, { recursive: true });
        if (this.#bytes + line.length > this.#options.maxFileBytes) await this.#rotate(dir);
        await appendFile(join(dir, FILE), line, { encoding: 'utf8', mode: 0o600 });
        this.#bytes += Buffer.byteLength(line);
        if (!this.#status.ok) this.#setStatus({ ok: true });
      })
      .catch((error: unknown) => {
        if (this.#status.ok) {
          const message = error instanceof Error ? error.message : String(error);
          this.#options.logger?.error('The event log cannot be written; events are kept in memory only', { error: message });
          this.#setStatus({ ok: false, error: `The event log cannot be written to ${dir}: ${message}` });
        }
      });
  }

  async #rotate(dir: string): Promise<void> {
    const keep = this.#options.keepFiles;
    await rm(join(dir, `events.${keep}.jsonl`), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      await rename(join(dir, `events.${n}.jsonl`), join(dir, `events.${n + 1}.jsonl`)).catch(() => undefined);
    }
    await rename(join(dir, FILE), join(dir, 'events.1.jsonl')).catch(() => undefined);
    this.#bytes = 0;
  }

  /** Puts the newest events from the last run back into the ring, so history survives a restart. */
  async #loadTail(): Promise<void> {
    const dir = this.#options.dir;
    if (!dir) return;
    const path = join(dir, FILE);
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    this.#bytes = info.size;
    const readBytes = Math.min(info.size, 8 * 1024 * 1024);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(readBytes);
      await handle.read(buffer, 0, readBytes, info.size - readBytes);
      const lines = buffer.toString('utf8').split('\n');
      if (readBytes < info.size) lines.shift();
      for (const line of lines.slice(-this.#options.ringSize)) {
        if (!line.trim()) continue;
        try {
          const parsed = LogEventSchema.safeParse(JSON.parse(line));
          if (parsed.success) this.#ring.push(parsed.data);
        } catch {
          // A line cut short by a crash; the rest of the history still loads.
        }
      }
    } finally {
      await handle.close();
    }
    const last = this.#ring.at(-1);
    if (last) this.#lastTime = last.at;
  }

  #setStatus(status: LogWriteStatus): void {
    this.#status = status;
    this.emit('writeStatus', status);
  }
}

function matchesSender(event: LogEvent, sender: string): boolean {
  const record = event as Record<string, unknown>;
  return record.senderStaffId === sender || record.senderId === sender || record.staffId === sender;
}
