import { mkdtemp, readFile, rm, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DedupeStore } from '../../../electron/core/dingtalk/dedupe-store.js';
import type { Logger } from '../../../electron/core/logger.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dingbridge-dedupe-'));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const recordingLogger = () => {
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info() {}, error() {}, warn: (message) => void warnings.push(message) };
  return { logger, warnings };
};

describe('DedupeStore', () => {
  it('admits an id once, then refuses it until the TTL has passed', async () => {
    let now = 1_000;
    const store = await DedupeStore.open({ ttlMs: 10 * 60_000, now: () => now });
    expect(store.claim('msg-1')).toBe(true);
    expect(store.claim('msg-1')).toBe(false);
    now += 10 * 60_000 - 1;
    expect(store.claim('msg-1')).toBe(false);
    now += 2;
    expect(store.claim('msg-1')).toBe(true);
  });

  it('remembers ids across a restart', async () => {
    const file = join(dir, 'seen.jsonl');
    const first = await DedupeStore.open({ file });
    expect(first.claim('msg-a')).toBe(true);
    expect(first.claim('msg-b')).toBe(true);
    await first.flush();
    const second = await DedupeStore.open({ file });
    expect(second.claim('msg-a')).toBe(false);
    expect(second.claim('msg-b')).toBe(false);
    expect(second.claim('msg-c')).toBe(true);
    await second.flush();
  });

  it('forgets expired ids on load and compacts the file', async () => {
    const file = join(dir, 'seen.jsonl');
    let now = 0;
    const first = await DedupeStore.open({ file, ttlMs: 1000, now: () => now });
    first.claim('old');
    now = 900;
    first.claim('young');
    await first.flush();
    now = 1500;
    const second = await DedupeStore.open({ file, ttlMs: 1000, now: () => now });
    expect(second.size).toBe(1);
    await second.flush();
    expect((await readFile(file, 'utf8')).trim().split('\n')).toEqual([JSON.stringify(['young', 1900])]);
  });

  it('skips a line a crash cut short and keeps the rest', async () => {
    const file = join(dir, 'seen.jsonl');
    const future = Date.now() + 60_000;
    await writeFile(file, `${JSON.stringify(['good', future])}\n["cut-sh`);
    const store = await DedupeStore.open({ file });
    expect(store.claim('good')).toBe(false);
    expect(store.claim('cut-sh')).toBe(true);
    await store.flush();
  });

  it('keeps working from memory, and says so once, when the file cannot be written', async () => {
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const probe = join(locked, 'probe');
    const writable = await writeFile(probe, 'x').then(
      () => true,
      () => false,
    );
    const { logger, warnings } = recordingLogger();
    const store = await DedupeStore.open({ file: writable ? join(dir, 'no-such-dir-file', '\u0000bad') : join(locked, 'seen.jsonl'), logger });
    expect(store.claim('m1')).toBe(true);
    expect(store.claim('m2')).toBe(true);
    await store.flush();
    expect(store.claim('m1')).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/duplicates may be answered after a restart/);
  });

  it('bounds its memory', async () => {
    const store = await DedupeStore.open({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) store.claim(`m${i}`);
    expect(store.size).toBeLessThanOrEqual(101);
    expect(store.claim('m999')).toBe(false);
  });
});
