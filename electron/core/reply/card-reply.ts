import type { ChatLanguage } from '../chat/chat-language.js';
import type { BotSays } from '../agents/bot-says.js';
import type { ToolNews, TurnReply } from '../agents/turn-reply.js';
import { isRefusal, type LiveDraft, type LiveEnd, type LiveRefusal, type LiveReply } from '../platform/live-reply.js';
import type { MarkdownReply } from './markdown-reply.js';
import type { ReplySink } from './reply-kind.js';
import { splitForCard, withNoteForCard } from '../platform/live-text.js';
import { wordsOf } from './words/bot-words.js';
import { CARD_WORDS } from './words/card-words.js';

export interface CardReplyDeps {
  /** Opens the card the answer streams into, or says why there is none. */
  open(): Promise<LiveReply | LiveRefusal>;
  /** The answer as a message, for a turn without a card, or whose card could not be ended. */
  fallback: MarkdownReply;
  sink: ReplySink;
  language: ChatLanguage;
  /** An error's words with the reference the person quotes to the operator (the same for every reply to the message). */
  withRef(text: string): string;
  /** The channel is stopping: a card cut short says the answer comes when it is back. */
  stopping(): boolean;
  refused(refusal: LiveRefusal): void;
  /**
   * The card shows the answer (`shown`), at the cost of `apiCalls` (where the platform counts them); `overflow` is
   * what did not fit and goes out as messages next.
   */
  answered(shown: string, overflow: string, apiCalls: number | undefined): void;
  /** The card could not be ended as asked (`how`): the answer goes out as a message instead. */
  unended(end: Extract<LiveEnd, { ok: false }>, how: 'finish' | 'fail'): void;
}

/**
 * The answer in an AI card that fills in as the agent writes: everything it says, with a status line while a tool
 * runs, at most once an interval (the platform's); then finished with the whole text, or failed with the error and
 * its reference. Without a card (refused, or the platform has none) the turn is answered as a markdown message.
 */
export class CardReply implements TurnReply {
  readonly #deps: CardReplyDeps;
  readonly #segments: string[] = [''];
  #status: string | undefined;
  #earlier: Promise<void> = Promise.resolve();
  #card: Promise<LiveReply | undefined> = Promise.resolve(undefined);
  #live: LiveReply | undefined;

  constructor(deps: CardReplyDeps) {
    this.#deps = deps;
  }

  begin(): void {
    this.#card = this.#open();
  }

  say(says: BotSays, kind: 'notice' | 'error' | 'command'): Promise<void> {
    return this.#deps.fallback.say(says, kind);
  }

  append(text: string): void {
    this.#deps.fallback.append(text);
    this.#segments[this.#segments.length - 1] += text;
    this.#status = undefined;
    this.#show();
  }

  tool(news: ToolNews): void {
    this.#deps.fallback.tool(news);
    if (news.status === 'started' && this.#segments.at(-1)?.trim()) this.#segments.push('');
    this.#status = news.line;
    this.#show();
  }

  async finish(empty: BotSays): Promise<void> {
    const card = await this.#card;
    if (!card) return this.#deps.fallback.finish(empty);
    const { shown, overflow } = splitForCard(this.#text() || wordsOf(empty, this.#deps.language), card.maxChars, CARD_WORDS.continued(this.#deps.language));
    const end = await card.finish(shown);
    if (!end.ok) {
      this.#deps.unended(end, 'finish');
      return this.#deps.fallback.finish(empty);
    }
    this.#deps.answered(shown, overflow, end.apiCalls);
    if (overflow) await this.#deps.sink(overflow, 'answer');
  }

  async abandon(why?: BotSays): Promise<void> {
    const card = await this.#card;
    if (!card) return this.#deps.fallback.abandon(why);
    const { language } = this.#deps;
    // Whatever stopped the turn, the channel stopping is what the person needs to know: the message is answered again.
    if (why && !this.#deps.stopping()) {
      const text = this.#deps.withRef(wordsOf(why, language));
      const end = await card.fail(this.#withNote(text, card));
      if (end.ok) return;
      this.#deps.unended(end, 'fail');
      return this.#deps.sink(text, 'error');
    }
    const note = this.#deps.stopping() ? CARD_WORDS.interrupted(language) : CARD_WORDS.stopped(language);
    const end = await card.finish(this.#withNote(note, card));
    if (!end.ok) this.#deps.unended(end, 'finish');
  }

  after(earlier: Promise<void>): void {
    this.#earlier = earlier;
    this.#deps.fallback.after(earlier);
  }

  /** The card comes after the answer before it, as a message would. */
  async #open(): Promise<LiveReply | undefined> {
    await this.#earlier.catch(() => undefined);
    const opened = await this.#deps.open();
    if (isRefusal(opened)) {
      this.#deps.refused(opened);
      return undefined;
    }
    this.#live = opened;
    this.#show();
    return opened;
  }

  #show(): void {
    this.#live?.show(this.#draft);
  }

  /** What the card shows now; past what it holds, what it will end with: the beginning, and that the rest follows. */
  readonly #draft = (): LiveDraft => {
    const maxChars = this.#live?.maxChars ?? Number.POSITIVE_INFINITY;
    const text = splitForCard(this.#text(), maxChars, CARD_WORDS.continued(this.#deps.language)).shown;
    return this.#status ? { text, status: this.#status } : { text };
  };

  /** Everything the agent said this turn, its stretches between tool calls as paragraphs. */
  #text(): string {
    return this.#segments
      .map((segment) => segment.trim())
      .filter(Boolean)
      .join('\n\n');
  }

  /** What the agent said so far, with `note` under it. */
  #withNote(note: string, card: LiveReply): string {
    return withNoteForCard(this.#text(), note, card.maxChars);
  }
}
