import type { ChatLanguage } from '../chat/chat-language.js';
import type { BotSays } from '../agents/bot-says.js';
import type { ToolNews, TurnReply } from '../agents/turn-reply.js';
import type { ReplySink } from './reply-kind.js';
import { wordsOf } from './words/bot-words.js';

export interface MarkdownReplyOptions {
  /** The language the bot speaks in this chat; both by default. */
  language?: ChatLanguage;
  /** Tool calls go out as progress lines at most this often; none without it. */
  progressMs?: number;
}

/**
 * The answer as one markdown message at the end: only what the agent said after its last tool call (what it said
 * before was thinking aloud), with tool calls sent as throttled progress lines meanwhile when `progressMs` is set.
 */
export class MarkdownReply implements TurnReply {
  readonly #segments: string[] = [''];
  readonly #progress: ProgressThrottle;
  readonly #language: ChatLanguage;
  #earlier: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: ReplySink,
    { language = 'both', progressMs }: MarkdownReplyOptions = {},
  ) {
    this.#language = language;
    this.#progress = new ProgressThrottle(progressMs, (text) => this.#send(text, 'progress'));
  }

  begin(): void {
    // The answer goes out when it is complete: nothing to show before.
  }

  say(says: BotSays, kind: 'notice' | 'error' | 'command'): Promise<void> {
    return this.#send(wordsOf(says, this.#language), kind);
  }

  append(text: string): void {
    this.#segments[this.#segments.length - 1] += text;
  }

  tool({ line, status }: ToolNews): void {
    if (status === 'started' && this.#segments.at(-1)?.trim()) this.#segments.push('');
    this.#progress.add(line);
  }

  finish(empty: BotSays): Promise<void> {
    this.#progress.close();
    return this.#send(this.#answer() || wordsOf(empty, this.#language), 'answer');
  }

  abandon(why?: BotSays): Promise<void> {
    this.#progress.close();
    return why ? this.say(why, 'error') : Promise.resolve();
  }

  after(earlier: Promise<void>): void {
    this.#earlier = earlier;
  }

  /** The last non-empty stretch of text. */
  #answer(): string {
    for (let i = this.#segments.length - 1; i >= 0; i--) {
      const text = this.#segments[i]?.trim();
      if (text) return text;
    }
    return '';
  }

  async #send(text: string, kind: Parameters<ReplySink>[1]): Promise<void> {
    await this.#earlier;
    await this.sink(text, kind);
  }
}

/** Batches progress lines into at most one message per interval; nothing at all when progress is off. */
class ProgressThrottle {
  #lines: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #lastSentAt = 0;

  constructor(
    private readonly intervalMs: number | undefined,
    private readonly send: (text: string) => Promise<void>,
  ) {}

  add(line: string): void {
    if (this.intervalMs === undefined) return;
    this.#lines.push(line);
    if (this.#timer) return;
    const wait = Math.max(0, this.#lastSentAt + this.intervalMs - Date.now());
    this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    if (!this.#lines.length) return;
    const text = this.#lines.join('\n');
    this.#lines = [];
    this.#lastSentAt = Date.now();
    void this.send(text).catch(() => undefined);
  }

  /** The answer supersedes progress not yet sent. */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lines = [];
  }
}
