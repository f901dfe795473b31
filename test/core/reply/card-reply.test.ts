import { describe, expect, it, vi } from 'vitest';
import type { LiveDraft, LiveEnd, LiveRefusal, LiveReply } from '../../../electron/core/platform/live-reply.js';
import { CardReply } from '../../../electron/core/reply/card-reply.js';
import { splitForCard } from '../../../electron/core/platform/live-text.js';
import { MarkdownReply } from '../../../electron/core/reply/markdown-reply.js';
import type { ReplyKind } from '../../../electron/core/reply/reply-kind.js';
import { CARD_WORDS } from '../../../electron/core/reply/words/card-words.js';

/** An AI card that records what it was asked to show, and ends as the test says. */
class FakeCard implements LiveReply {
  maxChars = 1_000;
  readonly shows: string[] = [];
  readonly finished: string[] = [];
  readonly failed: string[] = [];
  finishEnd: LiveEnd = { ok: true };
  failEnd: LiveEnd = { ok: true };

  /** Records the draft at once, the text with the status line under it as the DingTalk card draws them; nothing when empty. */
  show(draft: () => LiveDraft): void {
    const { text, status } = draft();
    const drawn = [text, status ? `> ${status}` : ''].filter(Boolean).join('\n\n');
    if (drawn) this.shows.push(drawn);
  }

  async finish(text: string): Promise<LiveEnd> {
    this.finished.push(text);
    return this.finishEnd;
  }

  async fail(text: string): Promise<LiveEnd> {
    this.failed.push(text);
    return this.failEnd;
  }

  /** What the card shows now. */
  get now(): string | undefined {
    return this.shows.at(-1);
  }
}

/** Lets what is already on its way (the card opening, a message sent) happen. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const TIMED_OUT = '⏱ The agent worked on this for more than 60 seconds, so it was stopped. Try a smaller request.';
const EMPTY = { say: 'empty', stopReason: 'end_turn' } as const;

/** A card reply in English on a fake card (or a refusal), its messages recorded, and what it told the channel. */
function cardReply(options: { opens?: FakeCard | LiveRefusal; stopping?: boolean } = {}) {
  const card = options.opens instanceof FakeCard ? options.opens : new FakeCard();
  const opened = options.opens ?? card;
  const sent: Array<{ kind: ReplyKind; text: string }> = [];
  const sink = async (text: string, kind: ReplyKind) => void sent.push({ kind, text });
  const told = {
    refused: [] as LiveRefusal[],
    answered: [] as Array<[string, string]>,
    unended: [] as Array<[LiveEnd, 'finish' | 'fail']>,
  };
  const open = vi.fn(async (): Promise<LiveReply | LiveRefusal> => opened);
  const reply = new CardReply({
    open,
    fallback: new MarkdownReply(sink, { language: 'en' }),
    sink,
    language: 'en',
    withRef: (text) => `${text} (ref: m-42)`,
    stopping: () => options.stopping ?? false,
    refused: (refusal) => void told.refused.push(refusal),
    answered: (shown, overflow) => void told.answered.push([shown, overflow]),
    unended: (end, how) => void told.unended.push([end, how]),
  });
  return { reply, card, open, sent, told };
}

/** A turn in which the agent thinks aloud, reads a file, and answers. */
function agentWrites(reply: CardReply): void {
  reply.append('Let me look at ');
  reply.append('the README.');
  reply.tool({ line: '🔧 Read README.md', status: 'started' });
  reply.append('It is a bridge ');
  reply.append('to DingTalk.');
}
const ALL_SAID = 'Let me look at the README.\n\nIt is a bridge to DingTalk.';

describe('the answer in an AI card that fills in as the agent writes', () => {
  it('opens no card before the agent starts, and none before the answer ahead of it is out', async () => {
    const { reply, open } = cardReply();
    let deliverEarlier = () => {};
    reply.after(new Promise<void>((resolve) => (deliverEarlier = resolve)));
    reply.append('Early words');
    await settle();
    expect(open).not.toHaveBeenCalled();
    reply.begin();
    await settle();
    expect(open).not.toHaveBeenCalled();
    deliverEarlier();
    await settle();
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('shows everything said so far, with the running tool under it until the agent writes again', async () => {
    const { reply, card } = cardReply();
    reply.append('Words written before the card is open.');
    reply.begin();
    await settle();
    // What was said while the card opened is on it as soon as it is.
    expect(card.shows).toEqual(['Words written before the card is open.']);
    reply.append(' And more.');
    expect(card.now).toBe('Words written before the card is open. And more.');
    reply.tool({ line: '🔧 Read README.md', status: 'started' });
    expect(card.now).toBe('Words written before the card is open. And more.\n\n> 🔧 Read README.md');
    reply.tool({ line: '⚠️ Read README.md failed', status: 'failed' });
    expect(card.now).toBe('Words written before the card is open. And more.\n\n> ⚠️ Read README.md failed');
    reply.append('It is a bridge.');
    expect(card.now).toBe('Words written before the card is open. And more.\n\nIt is a bridge.');
  });

  it('shows the running tool alone while the agent has said nothing yet', async () => {
    const { reply, card } = cardReply();
    reply.begin();
    await settle();
    expect(card.shows).toEqual([]);
    reply.tool({ line: '🔧 Run tests', status: 'started' });
    expect(card.shows).toEqual(['> 🔧 Run tests']);
  });

  it('finishes the card with all the agent said, its stretches between tool calls as paragraphs, and sends no message', async () => {
    const { reply, card, sent, told } = cardReply();
    reply.begin();
    agentWrites(reply);
    await reply.finish(EMPTY);
    expect(card.finished).toEqual([ALL_SAID]);
    expect(card.failed).toEqual([]);
    expect(told.answered).toEqual([[ALL_SAID, '']]);
    expect(told.unended).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('finishes the card with the words for an empty answer when the agent said nothing', async () => {
    const { reply, card, sent } = cardReply();
    reply.begin();
    reply.tool({ line: '🔧 Run tests', status: 'started' });
    await reply.finish(EMPTY);
    expect(card.finished).toEqual(['The agent finished without saying anything.']);
    expect(sent).toEqual([]);
  });

  it('shows the beginning of an answer too long for the card, says the rest follows, and sends the rest as a message', async () => {
    const card = new FakeCard();
    card.maxChars = 300;
    const { reply, sent, told } = cardReply({ opens: card });
    const paragraphs = Array.from({ length: 8 }, (_, n) => `Paragraph ${n + 1} of the answer, with a few words in it.`);
    reply.begin();
    reply.append(paragraphs.join('\n\n'));
    await reply.finish(EMPTY);
    const continued = CARD_WORDS.continued('en');
    const { shown, overflow } = splitForCard(paragraphs.join('\n\n'), 300, continued);
    expect(overflow).not.toBe('');
    expect(card.finished).toEqual([shown]);
    expect(shown.length).toBeLessThanOrEqual(300);
    expect(shown.endsWith(`\n\n${continued}`)).toBe(true);
    expect(shown.startsWith('Paragraph 1 of the answer')).toBe(true);
    expect(told.answered).toEqual([[shown, overflow]]);
    expect(sent).toEqual([{ kind: 'answer', text: overflow }]);
    // Nothing lost between the card and the message.
    expect(`${shown.slice(0, -`\n\n${continued}`.length)}\n\n${overflow}`).toBe(paragraphs.join('\n\n'));
  });

  it('answers in one markdown message when the card is refused, and tells the channel why', async () => {
    const refusal: LiveRefusal = { refused: 'the app may not send cards', problem: { code: 'permission', status: 403 } };
    const { reply, card, sent, told } = cardReply({ opens: refusal });
    reply.begin();
    agentWrites(reply);
    await reply.finish(EMPTY);
    expect(told.refused).toEqual([refusal]);
    // As a message would: only what the agent said after its last tool call.
    expect(sent).toEqual([{ kind: 'answer', text: 'It is a bridge to DingTalk.' }]);
    expect(card.shows).toEqual([]);
    expect(told.answered).toEqual([]);
  });

  it('answers in a markdown message when the card cannot be finished, and tells the channel', async () => {
    const card = new FakeCard();
    card.finishEnd = { ok: false, error: 'the card expired' };
    const { reply, sent, told } = cardReply({ opens: card });
    reply.begin();
    agentWrites(reply);
    await reply.finish(EMPTY);
    expect(card.finished).toEqual([ALL_SAID]);
    expect(told.unended).toEqual([[{ ok: false, error: 'the card expired' }, 'finish']]);
    expect(told.answered).toEqual([]);
    expect(sent).toEqual([{ kind: 'answer', text: 'It is a bridge to DingTalk.' }]);
  });

  it('fails the card with what the agent said and the error with its reference when the turn times out', async () => {
    const { reply, card, sent, told } = cardReply();
    reply.begin();
    agentWrites(reply);
    await reply.abandon({ say: 'timed-out', ms: 60_000 });
    expect(card.failed).toEqual([`${ALL_SAID}\n\n${TIMED_OUT} (ref: m-42)`]);
    expect(card.finished).toEqual([]);
    expect(told.unended).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('sends the error as a message when the card cannot be failed', async () => {
    const card = new FakeCard();
    card.failEnd = { ok: false, error: 'the card is gone' };
    const { reply, sent, told } = cardReply({ opens: card });
    reply.begin();
    agentWrites(reply);
    await reply.abandon({ say: 'timed-out', ms: 60_000 });
    expect(card.failed).toHaveLength(1);
    expect(told.unended).toEqual([[{ ok: false, error: 'the card is gone' }, 'fail']]);
    expect(sent).toEqual([{ kind: 'error', text: `${TIMED_OUT} (ref: m-42)` }]);
  });

  it('ends a stopped turn with what the agent said and a note that it was stopped', async () => {
    const { reply, card, sent } = cardReply();
    reply.begin();
    agentWrites(reply);
    await reply.abandon();
    expect(card.finished).toEqual([`${ALL_SAID}\n\n${CARD_WORDS.stopped('en')}`]);
    expect(card.failed).toEqual([]);
    expect(sent).toEqual([]);

    const quiet = cardReply();
    quiet.reply.begin();
    await quiet.reply.abandon();
    expect(quiet.card.finished).toEqual([CARD_WORDS.stopped('en')]);
  });

  it('says the answer comes later when Dingbridge stopping cut the turn short', async () => {
    const { reply, card, sent } = cardReply({ stopping: true });
    reply.begin();
    agentWrites(reply);
    await reply.abandon();
    expect(card.finished).toEqual([`${ALL_SAID}\n\n${CARD_WORDS.interrupted('en')}`]);
    expect(sent).toEqual([]);
  });

  it('says the answer comes later, not why the agent failed, when the failure is Dingbridge stopping', async () => {
    const { reply, card, sent } = cardReply({ stopping: true });
    reply.begin();
    agentWrites(reply);
    await reply.abandon({ say: 'failed', failure: new Error('the channel is stopping') });
    expect(card.failed).toEqual([]);
    expect(card.finished).toEqual([`${ALL_SAID}\n\n${CARD_WORDS.interrupted('en')}`]);
    expect(sent).toEqual([]);
  });

  it('says a notice in a message of its own, not on the card', async () => {
    const { reply, card, sent } = cardReply();
    reply.begin();
    reply.append('Working on it.');
    await settle();
    await reply.say({ say: 'session-lost' }, 'notice');
    expect(sent).toEqual([{ kind: 'notice', text: 'ℹ️ The agent could not continue the earlier conversation, so this one starts fresh.' }]);
    expect(card.shows).toEqual(['Working on it.']);
  });

  it('sends a notice only after the answer ahead of it, as a message would', async () => {
    const { reply, sent } = cardReply();
    let deliverEarlier = () => {};
    reply.after(new Promise<void>((resolve) => (deliverEarlier = resolve)));
    reply.begin();
    const notice = reply.say({ say: 'session-lost' }, 'notice');
    await settle();
    expect(sent).toEqual([]);
    deliverEarlier();
    await notice;
    expect(sent.map((message) => message.kind)).toEqual(['notice']);
  });

  it('answers in a markdown message, with no card, a message whose turn never began (gathered into another)', async () => {
    const { reply, open, sent, told } = cardReply();
    agentWrites(reply);
    await reply.finish(EMPTY);
    expect(open).not.toHaveBeenCalled();
    expect(sent).toEqual([{ kind: 'answer', text: 'It is a bridge to DingTalk.' }]);
    expect(told.answered).toEqual([]);
  });
});
