import { describe, expect, it } from 'vitest';
import { StoryBook, type Story } from '../../renderer/src/pages/log/log-stories';
import { storyOutcome } from '../../renderer/src/pages/log/story-outcome';
import type { LogEvent } from '../../renderer/src/view-types';

let n = 0;
const at = 1_790_000_000_000;
const next = () => `${String(++n).padStart(9, '0')}-0000`;
const where = { channel: 'team', conversationId: 'cidTeam==', conversationType: 'dm' as const, senderStaffId: 'zhangsan', nick: '张三' };

const received = (msgId: string, ms = 0): LogEvent => ({ kind: 'message.received', id: next(), at: at + ms, ...where, msgId, msgtype: 'text', preview: `text of ${msgId}`, mentioned: true });
/** A text message that is a chat command, as `/help`. */
const command = (msgId: string, text: string): LogEvent => ({ ...received(msgId), preview: text }) as LogEvent;
const admitted = (msgId: string): LogEvent => ({ kind: 'access.decision', id: next(), at, ...where, msgId, decision: 'admitted', reason: 'on the allowlist' });
const started = (msgIds: string[]): LogEvent => ({ kind: 'agent.turn.started', id: next(), at, ...where, sessionKey: 'team:cidTeam==', msgIds });
const sent = (msgId: string, ms: number, replyKind = 'answer'): LogEvent => ({ kind: 'reply.sent', id: next(), at: at + ms, ...where, msgId, replyKind, path: 'webhook', chunks: 1, text: 'the answer' });
const finished = (msgIds: string[], outcome = 'answered', extra: Record<string, unknown> = {}): LogEvent => ({ kind: 'agent.turn.finished', id: next(), at, ...where, sessionKey: 'team:cidTeam==', msgIds, outcome, durationMs: 10, ...extra }) as LogEvent;
const connection = (status: 'connecting' | 'reconnecting' | 'connected', channel = 'team'): LogEvent =>
  ({ kind: 'connection.state', id: next(), at, channel, state: status === 'reconnecting' ? { status, reason: 'DingTalk refused the AppKey', attempt: 1, retryInMs: 1000 } : { status } }) as LogEvent;

const message = (book: StoryBook, index: number) => book.rows[index] as Extract<Story, { type: 'message' }>;

describe('the log’s stories', () => {
  it('puts every step of a message in its row, and says it was answered and how fast', () => {
    const book = new StoryBook();
    book.add([received('m1'), admitted('m1'), received('m2'), started(['m1']), sent('m1', 1_240), finished(['m1'])]);
    expect(book.rows.map((story) => story.type)).toEqual(['message', 'message']);
    expect(message(book, 0).steps.map((step) => step.kind)).toEqual(['access.decision', 'agent.turn.started', 'reply.sent', 'agent.turn.finished']);
    expect(storyOutcome(message(book, 0))).toEqual({ state: 'answered', tookMs: 1_240, path: 'webhook' });
    expect(storyOutcome(message(book, 1))).toEqual({ state: 'received' });
    expect(book.events).toBe(6);
  });

  it('gives a turn that answered two messages to both, the earlier one answered together with the later', () => {
    const book = new StoryBook();
    book.add([received('a'), admitted('a'), received('b'), admitted('b'), started(['a', 'b']), sent('b', 900), finished(['a', 'b'])]);
    expect(message(book, 0).steps.map((step) => step.kind)).toEqual(['access.decision', 'agent.turn.started', 'agent.turn.finished']);
    expect(storyOutcome(message(book, 0))).toEqual({ state: 'joined' });
    expect(storyOutcome(message(book, 1))).toMatchObject({ state: 'answered', tookMs: 900 });
  });

  it('keeps a failure a failure, with the reference the person was given', () => {
    const book = new StoryBook();
    book.add([
      received('m1'),
      admitted('m1'),
      started(['m1']),
      { kind: 'error', id: next(), at, ...where, msgId: 'm1', message: 'The agent exited', ref: 'E-ABC123' },
      sent('m1', 500, 'error'),
      finished(['m1'], 'failed', { error: 'exited with code 3', ref: 'E-ABC123' }),
    ]);
    expect(storyOutcome(message(book, 0))).toEqual({ state: 'failed', error: 'exited with code 3', ref: 'E-ABC123' });
  });

  it('says where a message was refused, held or waits for pairing', () => {
    const book = new StoryBook();
    book.add([
      received('r'),
      { kind: 'access.decision', id: next(), at, ...where, msgId: 'r', decision: 'dropped', reason: 'not on the allowlist', reasonCode: 'not-allowed' },
      received('p'),
      { kind: 'access.decision', id: next(), at, ...where, msgId: 'p', decision: 'pairing', reason: 'unknown sender' },
      { kind: 'pairing.requested', id: next(), at, channel: 'team', staffId: 'zhangsan', code: '123456', conversationId: 'cidTeam==', msgId: 'p' },
      received('h'),
      admitted('h'),
      { kind: 'reply.held', id: next(), at, ...where, msgId: 'h', replyKind: 'answer', error: 'DingTalk is busy', text: 'the answer' },
    ]);
    expect(book.rows.map((story) => storyOutcome(story as Extract<Story, { type: 'message' }>))).toEqual([
      { state: 'refused', reason: 'not on the allowlist', reasonCode: 'not-allowed' },
      { state: 'pairing', code: '123456' },
      { state: 'held', error: 'DingTalk is busy' },
    ]);
  });

  it('says an answer waits for DingTalk’s rate limit, after the turn finished, until it is sent', () => {
    const book = new StoryBook();
    book.add([received('w'), admitted('w'), started(['w']), finished(['w'])]);
    book.add([{ kind: 'reply.waiting', id: next(), at, ...where, msgId: 'w', replyKind: 'answer', waitMs: 42_000 }]);
    expect(storyOutcome(message(book, 0))).toEqual({ state: 'limited', waitMs: 42_000 });
    book.add([sent('w', 43_000)]);
    expect(storyOutcome(message(book, 0))).toMatchObject({ state: 'answered', tookMs: 43_000 });
  });

  it('says a chat command the bot answered itself was answered, not that it waits for the agent', () => {
    const book = new StoryBook();
    book.add([command('help', '/help'), admitted('help'), sent('help', 300, 'command')]);
    book.add([command('status', '/status'), admitted('status'), { kind: 'reply.held', id: next(), at, ...where, msgId: 'status', replyKind: 'command', error: 'DingTalk is busy', text: 'status' }]);
    expect(storyOutcome(message(book, 0))).toEqual({ state: 'answered', tookMs: 300, path: 'webhook' });
    expect(storyOutcome(message(book, 1))).toEqual({ state: 'held', error: 'DingTalk is busy' });
    book.add([sent('status', 5_000, 'command')]);
    expect(storyOutcome(message(book, 1))).toMatchObject({ state: 'answered', tookMs: 5_000 });
  });

  it('does not take a notice for the answer of a message the agent works on, or one that needs pairing', () => {
    const book = new StoryBook();
    // A permission request during a turn; a command the bot does not know (the agent gets it); a notice to a message
    // that waits for the agent (a file that could not be fetched); a pairing code.
    book.add([received('turn'), admitted('turn'), started(['turn']), sent('turn', 200, 'notice'), sent('turn', 250, 'progress')]);
    book.add([command('unknown', '/compact'), admitted('unknown'), started(['unknown']), sent('unknown', 200, 'notice')]);
    book.add([received('queued'), admitted('queued'), sent('queued', 200, 'notice')]);
    book.add([
      command('pair', '/help'),
      { kind: 'access.decision', id: next(), at, ...where, msgId: 'pair', decision: 'pairing', reason: 'unknown sender' },
      { kind: 'pairing.requested', id: next(), at, channel: 'team', staffId: 'zhangsan', code: '123456', conversationId: 'cidTeam==', msgId: 'pair' },
      sent('pair', 200, 'notice'),
    ]);
    expect(book.rows.map((story) => storyOutcome(story as Extract<Story, { type: 'message' }>))).toEqual([
      { state: 'working' },
      { state: 'working' },
      { state: 'waiting' },
      { state: 'pairing', code: '123456' },
    ]);
  });

  it('folds a channel’s tries to reconnect into one row with a count, kept at the bottom until it connects', () => {
    const book = new StoryBook();
    book.add([connection('connecting'), connection('reconnecting'), received('m1'), connection('connecting'), connection('reconnecting'), connection('connecting', 'ops')]);
    expect(book.rows.map((story) => story.type)).toEqual(['message', 'retries', 'retries']);
    expect(book.rows[1]).toMatchObject({ type: 'retries', channel: 'team', tries: 2, events: 4 });
    book.add([connection('reconnecting'), connection('connected')]);
    expect(book.rows.map((story) => `${story.type}:${story.channel}`)).toEqual(['message:team', 'retries:ops', 'retries:team', 'event:team']);
    expect(book.rows[2]).toMatchObject({ tries: 3, events: 5 });
    book.add([connection('reconnecting')]);
    expect(book.rows.at(-1)).toMatchObject({ type: 'retries', tries: 1, events: 1 });
  });

  it('holds at most its number of events, the oldest rows making way with all their steps', () => {
    const book = new StoryBook(5);
    book.add([received('a'), admitted('a'), received('b'), admitted('b'), connection('connecting', 'ops')]);
    book.add([received('c')]);
    expect(book.rows.map((story) => (story.type === 'message' ? story.received.msgId : story.type))).toEqual(['b', 'retries', 'c']);
    expect(book.events).toBe(4);
    expect([...book.perChannel]).toEqual([['team', 3], ['ops', 1]]);
    // A step of a message that made way stands on its own.
    book.add([sent('a', 100)]);
    expect(book.rows.at(-1)).toMatchObject({ type: 'event' });
  });

  it('skips an event it already holds, as when the history and the live feed overlap', () => {
    const book = new StoryBook();
    const first = received('a');
    book.add([first, admitted('a')]);
    book.add([first]);
    expect(book.rows).toHaveLength(1);
    expect(book.events).toBe(2);
  });
});
