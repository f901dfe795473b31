import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LogEventSchema, type LogEvent } from './event-schema.js';

export const CURRENT_FILE = 'events.jsonl';
const rotated = (n: number) => `events.${n}.jsonl`;

/** Makes room for a new current file: events.jsonl becomes events.1.jsonl, and so on; the oldest is dropped. */
export async function rotateEventFiles(dir: string, keepFiles: number): Promise<void> {
  await rm(join(dir, rotated(keepFiles)), { force: true });
  for (let n = keepFiles - 1; n >= 1; n--) {
    await rename(join(dir, rotated(n)), join(dir, rotated(n + 1))).catch(() => undefined);
  }
  await rename(join(dir, CURRENT_FILE), join(dir, rotated(1))).catch(() => undefined);
}

/** A line cut short by a crash, or edited by hand, is skipped; the rest of the history still counts. */
function parseLine(line: string): LogEvent | undefined {
  if (!line.trim()) return undefined;
  try {
    const parsed = LogEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The newest `count` events of the current file, reading no more than its last `maxBytes`; oldest first. */
export async function readNewestEvents(dir: string, count: number, maxBytes: number): Promise<{ events: LogEvent[]; fileBytes: number }> {
  const path = join(dir, CURRENT_FILE);
  const info = await stat(path).catch(() => undefined);
  if (!info) return { events: [], fileBytes: 0 };
  const readBytes = Math.min(info.size, maxBytes);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(readBytes);
    await handle.read(buffer, 0, readBytes, info.size - readBytes);
    const lines = buffer.toString('utf8').split('\n');
    if (readBytes < info.size) lines.shift();
    const events = lines.slice(-count - 1).map(parseLine).filter((event): event is LogEvent => event !== undefined);
    return { events: events.slice(-count), fileBytes: info.size };
  } finally {
    await handle.close();
  }
}

/**
 * Events from the files, newest first across the current and the rotated files, that are older than
 * `olderThan` and pass `test`: at most `want` of them, returned oldest first.
 */
export async function readOlderEvents(dir: string, keepFiles: number, olderThan: string | undefined, want: number, test: (event: LogEvent) => boolean): Promise<LogEvent[]> {
  const found: LogEvent[] = [];
  for (const name of [CURRENT_FILE, ...Array.from({ length: keepFiles }, (_, i) => rotated(i + 1))]) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && found.length < want; i--) {
      const event = parseLine(lines[i] ?? '');
      if (event && (olderThan === undefined || event.id < olderThan) && test(event)) found.push(event);
    }
    if (found.length >= want) break;
  }
  return found.reverse();
}
