import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_FILE_MODE } from './private-files.js';

/**
 * A JSON-lines file each of whose lines is written before `append` returns. A line in the OS's file cache
 * survives the process being killed the instant after (a power cut is another matter), which is what a
 * message DingTalk will never send again needs; one line costs microseconds, so it can be written before
 * the ACK without slowing it.
 */
export class SyncAppendLog {
  #fd: number | undefined;
  #lines = 0;
  #failing = false;

  /** `unwritable` hears of a failed write once, and again only after a write has worked in between. */
  constructor(
    readonly file: string,
    private readonly unwritable: (error: unknown) => void,
  ) {}

  /** Every whole line of the file, parsed; a line a crash cut short is skipped. None when there is no file. */
  static read(file: string): unknown[] {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: unknown[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        // Cut short by a crash mid-write: everything before it still counts.
      }
    }
    return records;
  }

  /** The lines of `file` that `schema` accepts, in order; any other is skipped. None when there is no file. */
  static readValid<T>(file: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): T[] {
    return SyncAppendLog.read(file).flatMap((record) => {
      const line = schema.safeParse(record);
      return line.success ? [line.data] : [];
    });
  }

  /** Lines written since the file was last rewritten. */
  get lines(): number {
    return this.#lines;
  }

  /** False (and reported) when the disk did not take the line. */
  append(record: unknown): boolean {
    return this.#attempt(() => {
      this.#fd ??= this.#open();
      writeSync(this.#fd, `${JSON.stringify(record)}\n`);
      this.#lines += 1;
    });
  }

  /**
   * Appends `record`, or, once the file has grown past twice the `live` records it stands for (and `slack` more),
   * rewrites it from `snapshot()` instead, so it stays about the size of what is still live.
   */
  keep(record: unknown, live: number, snapshot: () => unknown[], slack: number): boolean {
    return this.#lines + 1 > 2 * live + slack ? this.rewrite(snapshot()) : this.append(record);
  }

  /** Replaces the whole file in one step with these records; later appends go to the new file. */
  rewrite(records: unknown[]): boolean {
    return this.#attempt(() => {
      this.close();
      mkdirSync(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, records.map((record) => `${JSON.stringify(record)}\n`).join(''), { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
      renameSync(temp, this.file);
      this.#lines = records.length;
    });
  }

  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    closeSync(fd);
  }

  #attempt(write: () => void): boolean {
    try {
      write();
      this.#failing = false;
      return true;
    } catch (error) {
      if (!this.#failing) this.unwritable(error);
      this.#failing = true;
      return false;
    }
  }

  #open(): number {
    mkdirSync(dirname(this.file), { recursive: true });
    // Private like every state file: the lines say who wrote to the bot, and what.
    return openSync(this.file, 'a', PRIVATE_FILE_MODE);
  }
}
