import { describe, expect, it } from 'vitest';
import { nextMessage, REPLY_SEPARATOR, untaken, type QueuedReply } from '../../../../electron/core/platform/dingtalk/reply-lane.js';

const reply = (pieces: string[], taken = 0): QueuedReply => ({
  target: { conversationId: 'cid', conversationType: 'dm' },
  title: pieces[0] ?? '',
  pieces,
  taken,
  attempts: [],
  paths: new Set(),
  options: {},
  settle: () => undefined,
});

const upTo = (chars: number) => (text: string) => text.length <= chars;

describe('the next message of a conversation’s lane', () => {
  it('is the front reply’s next piece alone while nothing waited', () => {
    const first = reply(['a1', 'a2'], 1);
    const message = nextMessage([first, reply(['b1'])], false, upTo(1_000));
    expect(message).toMatchObject({ text: 'a2', title: 'a1', parts: [{ reply: first, pieces: 1 }] });
  });

  it('after a wait, takes the pieces queued behind in order while they fit, replies apart by a rule', () => {
    const first = reply(['a1', 'a2'], 1);
    const second = reply(['b1', 'b2']);
    const third = reply(['c1']);
    const message = nextMessage([first, second, third], true, upTo(1_000));
    expect(message.text).toBe(`a2${REPLY_SEPARATOR}b1\nb2${REPLY_SEPARATOR}c1`);
    expect(message.parts.map(({ reply: r, pieces }) => [r.pieces[0], pieces])).toEqual([
      ['a1', 1],
      ['b1', 2],
      ['c1', 1],
    ]);
  });

  it('stops at the first piece that would not fit, so nothing is sent out of order', () => {
    const first = reply(['a'.repeat(10)]);
    const second = reply(['b'.repeat(10), 'b'.repeat(5)]);
    const third = reply(['c']);
    const message = nextMessage([first, second, third], true, upTo(10 + REPLY_SEPARATOR.length + 10));
    expect(message.text).toBe(`${'a'.repeat(10)}${REPLY_SEPARATOR}${'b'.repeat(10)}`);
    expect(message.parts.map(({ pieces }) => pieces)).toEqual([1, 1]);
  });

  it('gives what a reply still owes as its pieces joined as they were split', () => {
    expect(untaken(reply(['x', 'y', 'z'], 1))).toBe('y\nz');
    expect(untaken(reply(['x'], 1))).toBe('');
  });
});
