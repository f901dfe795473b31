import { access, copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HeldReplies } from '../../../electron/core/reply/held-replies.js';
import type { ReplyTarget } from '../../../electron/core/chat/reply-target.js';
import type { SendReport } from '../../../electron/core/chat/send-report.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { tempDir } from '../platform/dingtalk/harness.js';

const dm = (id: string): ReplyTarget => ({ conversationId: id, conversationType: 'dm', staffId: `staff-${id}` });
const sent: SendReport = { ok: true, chunks: 1, delivered: 1, path: 'openapi', attempts: [] };
const down = (undelivered?: string): SendReport => ({ ok: false, chunks: 1, delivered: 0, path: 'none', attempts: [], error: 'DingTalk had a server error', retryable: true, ...(undelivered ? { undelivered } : {}) });

const opened: HeldReplies[] = [];
afterEach(async () => {
  await Promise.all(
    opened.splice(0).map(async (held) => {
      await held.flush();
      held.close();
    }),
  );
});

async function openHeld(options: { maxHoldMs?: number; now?: () => number; snapshot?: object } = {}) {
  const dir = await tempDir();
  const file = join(dir, 'held-replies.jsonl');
  const snapshotFile = join(dir, 'held-replies.json');
  if (options.snapshot) await writeFile(snapshotFile, JSON.stringify(options.snapshot));
  const open = async () => {
    const held = await HeldReplies.open(file, silentLogger, { maxHoldMs: options.maxHoldMs ?? 60_000, snapshotFile, ...(options.now ? { now: options.now } : {}) });
    opened.push(held);
    return held;
  };
  /** What a start would find if the process were killed now: the file as it is, opened apart from `held`. */
  const afterCrash = async () => {
    const copy = join(await tempDir(), 'held-replies.jsonl');
    await copyFile(file, copy);
    const found = await HeldReplies.open(copy, silentLogger, { maxHoldMs: 60_000 });
    found.close();
    return found.list();
  };
  return { open, afterCrash, snapshotFile, held: await open() };
}

describe('held replies', () => {
  it('keeps each conversation in order: a reply that fails again holds back the ones behind it', async () => {
    const { held } = await openHeld();
    held.hold({ target: dm('a'), text: 'a1', replyKind: 'answer', error: 'down' });
    held.hold({ target: dm('b'), text: 'b1', replyKind: 'answer', error: 'down' });
    held.hold({ target: dm('a'), text: 'a2', replyKind: 'answer', error: 'down' });
    const tried: string[] = [];
    const outcomes = await held.resend(async ({ text }) => {
      tried.push(text);
      return text === 'a1' ? down() : sent;
    }, new AbortController().signal);
    expect(tried).toEqual(['a1', 'b1']);
    expect(outcomes.map((outcome) => [outcome.held.text, outcome.result])).toEqual([
      ['a1', 'still-held'],
      ['b1', 'sent'],
    ]);
    expect(held.list().map((reply) => reply.text)).toEqual(['a1', 'a2']);
  });

  it('keeps only what DingTalk has not taken, also on disk for the next start', async () => {
    const { held, open } = await openHeld();
    held.hold({ target: dm('a'), text: 'part one\npart two', replyKind: 'answer', msgId: 'm1', error: 'down' });
    await held.resend(async () => down('part two'), new AbortController().signal);
    await held.flush();
    const reopened = await open();
    expect(reopened.list()).toMatchObject([{ text: 'part two', msgId: 'm1', error: 'DingTalk had a server error' }]);
  });

  it('has each part DingTalk takes on disk at once, so a crash while one is sent again repeats none of it', async () => {
    const { held, afterCrash } = await openHeld();
    held.hold({ target: dm('a'), text: 'part one\npart two\npart three', replyKind: 'answer', msgId: 'm1', error: 'down' });
    expect(await afterCrash()).toMatchObject([{ text: 'part one\npart two\npart three' }]);
    let afterTwoParts: string[] = [];
    await held.resend(async (_held, { progress }) => {
      progress?.('part two\npart three');
      progress?.('part three');
      afterTwoParts = (await afterCrash()).map((reply) => reply.text);
      return sent;
    }, new AbortController().signal);
    expect(afterTwoParts).toEqual(['part three']);
    expect(await afterCrash()).toEqual([]);
  });

  it('takes over the replies an older version kept in held-replies.json, then removes that file', async () => {
    const older = { id: 'h1', target: dm('a'), text: 'from before', replyKind: 'answer', heldAt: 1_000, error: 'down' };
    const { held, open, snapshotFile } = await openHeld({ snapshot: { version: 1, held: [older] } });
    expect(held.list()).toEqual([older]);
    await expect(access(snapshotFile)).rejects.toThrow();
    expect((await open()).list()).toEqual([older]);
  });

  it('gives a reply up once it has waited the longest hold, and at once when DingTalk calls it malformed', async () => {
    let now = 1_000;
    const { held } = await openHeld({ maxHoldMs: 7_200_000, now: () => now });
    held.hold({ target: dm('a'), text: 'old', replyKind: 'answer', error: 'down' });
    held.hold({ target: dm('b'), text: 'bad', replyKind: 'notice', error: 'down' });
    now += 7_200_000;
    const outcomes = await held.resend(async ({ text }) => (text === 'bad' ? { ...down(), retryable: false, error: 'no staffId' } : down()), new AbortController().signal);
    expect(outcomes).toMatchObject([
      { result: 'failed', error: 'DingTalk did not take this reply for 2 hours, so it was given up. Last error: DingTalk had a server error' },
      { result: 'failed', error: 'no staffId' },
    ]);
    expect(held.size).toBe(0);
  });

  it('ends a round when the channel stops, leaving the reply it was sending as it was', async () => {
    const { held } = await openHeld();
    held.hold({ target: dm('a'), text: 'a1', replyKind: 'answer', error: 'down' });
    held.hold({ target: dm('b'), text: 'b1', replyKind: 'answer', error: 'down' });
    const stop = new AbortController();
    const tried: string[] = [];
    const outcomes = await held.resend(async ({ text }) => {
      tried.push(text);
      stop.abort();
      throw new DOMException('The operation was aborted', 'AbortError');
    }, stop.signal);
    expect(tried).toEqual(['a1']);
    expect(outcomes).toEqual([]);
    expect(held.list().map((reply) => [reply.text, reply.error])).toEqual([
      ['a1', 'down'],
      ['b1', 'down'],
    ]);
  });

  it('runs one round at a time', async () => {
    const { held } = await openHeld();
    held.hold({ target: dm('a'), text: 'a1', replyKind: 'answer', error: 'down' });
    let release = () => {};
    const first = held.resend(() => new Promise<SendReport>((resolve) => (release = () => resolve(sent))), new AbortController().signal);
    expect(await held.resend(async () => sent, new AbortController().signal)).toEqual([]);
    release();
    expect(await first).toMatchObject([{ result: 'sent' }]);
  });
});
