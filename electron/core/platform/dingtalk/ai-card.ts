import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../base/logger.js';
import type { LiveEnd, LiveReply } from '../live-reply.js';
import { FLOW_STATUS, streamFrame, updateCard } from './card-api.js';
import { DingTalkError, type DingTalkErrorKind } from './errors.js';
import type { DingTalkRestClient } from './rest-client.js';
import { cardMarkdown } from './card-markdown.js';
import { withNoteForCard } from '../live-text.js';
import type { TableMode } from './markdown-tables.js';

/** Qwen Code's channel caps a card at 20,000 characters; a little less leaves room for a note under the text. */
export const CARD_MAX_CHARS = 19_000;
/** The widest a card's interval gets while DingTalk keeps saying the app is too fast. */
const MAX_INTERVAL_MS = 8_000;
/** How often a card's last frame and status are tried before the answer goes another way. */
const ENDING_TRIES = 6;
const TRANSIENT: ReadonlySet<DingTalkErrorKind> = new Set(['rate-limit', 'network', 'timeout', 'server']);

export interface AiCardDeps {
  rest: DingTalkRestClient;
  outTrackId: string;
  key: string;
  intervalMs: number;
  tables: TableMode;
  /** Values set as the card ends, besides its text and status. */
  endParams: Record<string, string>;
  logger: Logger;
  /** The card is ended (finished or failed) as DingTalk shows it: it need not be ended again after a restart. */
  ended(): void;
}

/**
 * One AI card as it streams: the latest text goes out at most once an interval (a newer text replaces one not yet
 * sent, an unchanged one sends nothing), the interval widens while DingTalk says the app is too fast, and the card is
 * always ended, its last frame tried until DingTalk takes it.
 */
export class AiCard implements LiveReply {
  readonly maxChars = CARD_MAX_CHARS;
  readonly #deps: AiCardDeps;
  readonly #stopStreaming = new AbortController();
  #intervalMs: number;
  #pending: string | undefined;
  /** The newest text it was given, shown or not yet. */
  #latest = '';
  #shown = '';
  #lastSentAt = 0;
  #inputting = false;
  #streaming: Promise<void> | undefined;
  /** Why frames stopped going out for a reason other than rate; the card is then ended by an update alone. */
  #broken: DingTalkError | undefined;
  #ending: Promise<LiveEnd> | undefined;
  /** The API calls the card has cost so far, its creation included. */
  #apiCalls = 1;

  constructor(deps: AiCardDeps) {
    this.#deps = deps;
    this.#intervalMs = deps.intervalMs;
  }

  /** The text DingTalk has taken so far. */
  get shown(): string {
    return this.#shown;
  }

  show(text: string): void {
    if (this.#ending) return;
    this.#pending = text;
    this.#latest = text;
    this.#streaming ??= this.#stream().finally(() => (this.#streaming = undefined));
  }

  finish(text: string): Promise<LiveEnd> {
    return this.#end(text, 'finished');
  }

  fail(text: string): Promise<LiveEnd> {
    return this.#end(text, 'failed');
  }

  /** Ends the card with the newest text it was given and `note` under it, unless it is ending already. */
  interrupt(note: string): Promise<LiveEnd> {
    return this.#end(withNoteForCard(this.#latest, note, this.maxChars), 'finished');
  }

  #end(text: string, how: 'finished' | 'failed'): Promise<LiveEnd> {
    this.#ending ??= this.#close(text, how);
    return this.#ending;
  }

  async #stream(): Promise<void> {
    const { signal } = this.#stopStreaming;
    while (this.#pending !== undefined && !this.#broken && !signal.aborted) {
      const wait = this.#lastSentAt + this.#intervalMs - Date.now();
      if (wait > 0 && !(await pause(wait, signal))) return;
      const text = this.#pending;
      this.#pending = undefined;
      if (text === undefined || text === this.#shown) continue;
      try {
        if (!this.#inputting) {
          await updateCard(this.#deps.rest, this.#deps.outTrackId, { flowStatus: FLOW_STATUS.inputting }, { paced: true, signal, counted: this.#counted });
          this.#inputting = true;
        }
        await streamFrame(this.#deps.rest, this.#frame(text), { paced: true, signal, counted: this.#counted });
        this.#shown = text;
        this.#intervalMs = Math.max(this.#deps.intervalMs, this.#intervalMs * 0.75);
      } catch (error) {
        if (signal.aborted) return;
        this.#pending ??= text;
        const failure = asDingTalkError(error);
        if (failure.kind !== 'rate-limit') {
          this.#broken = failure;
          this.#deps.logger.warn('DingTalk did not take an AI card frame; the card gets its text when the answer is complete', { reason: failure.message });
          return;
        }
        this.#intervalMs = Math.min(MAX_INTERVAL_MS, this.#intervalMs * 2);
        this.#deps.logger.warn('DingTalk says the app is too fast; the AI card updates less often', { intervalMs: this.#intervalMs });
      } finally {
        this.#lastSentAt = Date.now();
      }
    }
  }

  /**
   * The last frame, then the status that stops the spinner and holds the whole text, so the card reads right even
   * where frames were refused. Rate limits and passing failures are waited out; only what no wait mends gives up.
   */
  async #close(text: string, how: 'finished' | 'failed'): Promise<LiveEnd> {
    this.#stopStreaming.abort();
    await this.#streaming;
    const { rest, outTrackId, key } = this.#deps;
    if (!this.#broken) {
      try {
        await persist(() => streamFrame(rest, { ...this.#frame(text), finalize: true, error: how === 'failed' }, { counted: this.#counted }), new Set(['rate-limit']));
        this.#shown = text;
      } catch (error) {
        this.#broken = asDingTalkError(error);
      }
    }
    try {
      const params = { ...this.#deps.endParams, flowStatus: how === 'failed' ? FLOW_STATUS.failed : FLOW_STATUS.finished, [key]: this.#frame(text).content };
      // Paced: the last frame already shows the whole answer; this only ends the spinner.
      await persist(() => updateCard(rest, outTrackId, params, { paced: true, counted: this.#counted }), TRANSIENT);
      this.#shown = text;
      this.#deps.ended();
      return { ok: true, apiCalls: this.#apiCalls };
    } catch (error) {
      const failure = asDingTalkError(error);
      return { ok: false, error: failure.message, ...(failure.problem ? { problem: failure.problem } : {}) };
    }
  }

  readonly #counted = (): void => {
    this.#apiCalls += 1;
  };

  #frame(text: string) {
    return { outTrackId: this.#deps.outTrackId, key: this.#deps.key, content: cardMarkdown(text, this.#deps.tables) };
  }
}

/** False when `signal` ended the wait. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Tries `call` until it works, waiting longer each time, while its failures are of the kinds that pass. */
export async function persist(call: () => Promise<void>, passing: ReadonlySet<DingTalkErrorKind>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = asDingTalkError(error);
      if (attempt >= ENDING_TRIES || !passing.has(failure.kind)) throw failure;
      await delay(Math.min(MAX_INTERVAL_MS, 500 * 2 ** attempt));
    }
  }
}

function asDingTalkError(error: unknown): DingTalkError {
  if (error instanceof DingTalkError) return error;
  return new DingTalkError(error instanceof Error ? error.message : String(error), { kind: 'network' });
}
