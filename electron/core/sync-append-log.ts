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

  constructor(readonly file: string) {}

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

  /** Lines written since the file was last rewritten. */
  get lines(): number {
    return this.#lines;
  }

  /** Throws when the line could not be written (the caller decides what that costs). */
  append(record: unknown): void {
    this.#fd ??= this.#open();
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    this.#lines += 1;
  }

  /** Replaces the whole file in one step with these records; later appends go to the new file. */
  rewrite(records: unknown[]): void {
    this.close();
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, records.map((record) => `${JSON.stringify(record)}\n`).join(''), { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
    renameSync(temp, this.file);
    this.#lines = records.length;
  }

  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    closeSync(fd);
  }

  #open(): number {
    mkdirSync(dirname(this.file), { recursive: true });
    // Private like every state file: the lines say who wrote to the bot, and what.
    return openSync(this.file, 'a', PRIVATE_FILE_MODE);
  }
}
