import { mkdtemp, readFile, rm, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inbox } from '../../../../electron/core/platform/dingtalk/inbox.js';
import { dmEnvelope } from './envelopes.js';
import type { Logger } from '../../../../electron/core/base/logger.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dingbridge-inbox-'));
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

const message = dmEnvelope;

describe('Inbox', () => {
  it('takes a message once, then refuses it until the TTL has passed', () => {
    let now = 1_000;
    const inbox = Inbox.open({ ttlMs: 10 * 60_000, now: () => now });
    expect(inbox.take(message('msg-1'))).toBe(true);
    inbox.handedOn('msg-1');
    expect(inbox.take(message('msg-1'))).toBe(false);
    now += 10 * 60_000 - 1;
    expect(inbox.take(message('msg-1'))).toBe(false);
    now += 2;
    expect(inbox.take(message('msg-1'))).toBe(true);
  });

  it('has each message on disk the moment it is taken, and keeps the ones not handed on across a restart', () => {
    const file = join(dir, 'inbox.jsonl');
    const first = Inbox.open({ file });
    expect(first.take(message('msg-a', 'first'))).toBe(true);
    expect(first.take(message('msg-b', 'second'))).toBe(true);
    first.handedOn('msg-a');
    // No close, no flush: what a killed process leaves behind.
    const second = Inbox.open({ file });
    expect(second.waiting().map((envelope) => [envelope.msgId, envelope.text])).toEqual([['msg-b', 'second']]);
    expect(second.take(message('msg-a'))).toBe(false);
    expect(second.take(message('msg-b'))).toBe(false);
    expect(second.take(message('msg-c'))).toBe(true);
    second.close();
  });

  it('keeps a message not handed on past its id\'s TTL, and forgets expired ids on load, compacting the file', async () => {
    const file = join(dir, 'inbox.jsonl');
    let now = 0;
    const first = Inbox.open({ file, ttlMs: 1000, now: () => now });
    first.take(message('old'));
    first.handedOn('old');
    first.take(message('owed'));
    now = 900;
    first.take(message('young'));
    first.handedOn('young');
    first.close();
    now = 1500;
    const second = Inbox.open({ file, ttlMs: 1000, now: () => now });
    expect(second.size).toBe(1);
    expect(second.waiting().map((envelope) => envelope.msgId)).toEqual(['owed']);
    second.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as unknown[]);
    expect(lines.map((line) => line.slice(0, 2))).toEqual([
      ['young', 1900],
      ['owed', 2500],
    ]);
  });

  it('skips a line a crash cut short and keeps the rest', async () => {
    const file = join(dir, 'inbox.jsonl');
    const future = Date.now() + 60_000;
    await writeFile(file, `${JSON.stringify(['good', future])}\n["cut-sh`);
    const inbox = Inbox.open({ file });
    expect(inbox.take(message('good'))).toBe(false);
    expect(inbox.take(message('cut-sh'))).toBe(true);
    inbox.close();
  });

  it('reads the file an older version wrote (ids only) as messages already handed on', async () => {
    const file = join(dir, 'inbox.jsonl');
    await writeFile(file, `${JSON.stringify(['seen-before', Date.now() + 60_000])}\n`);
    const inbox = Inbox.open({ file });
    expect(inbox.waiting()).toEqual([]);
    expect(inbox.take(message('seen-before'))).toBe(false);
    inbox.close();
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
    // Root ignores permissions: a file where a folder should be fails for everyone.
    if (writable) await writeFile(join(dir, 'a-file'), 'x');
    const { logger, warnings } = recordingLogger();
    const inbox = Inbox.open({ file: writable ? join(dir, 'a-file', 'inbox.jsonl') : join(locked, 'inbox.jsonl'), logger });
    expect(inbox.take(message('m1'))).toBe(true);
    expect(inbox.take(message('m2'))).toBe(true);
    expect(inbox.take(message('m1'))).toBe(false);
    expect(inbox.waiting()).toHaveLength(2);
    expect(warnings.filter((warning) => /after a restart one could be missed or answered twice/.test(warning))).toHaveLength(1);
  });

  it('bounds its memory of ids, never the messages still owed', () => {
    const inbox = Inbox.open({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++) {
      inbox.take(message(`m${i}`));
      if (i !== 3) inbox.handedOn(`m${i}`);
    }
    expect(inbox.size).toBeLessThanOrEqual(101);
    expect(inbox.take(message('m999'))).toBe(false);
    expect(inbox.take(message('m3'))).toBe(false);
    expect(inbox.waiting().map((envelope) => envelope.msgId)).toEqual(['m3']);
  });
});
