import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../base/logger.js';
import type { LiveDraft, LiveEnd, LiveReply } from '../live-reply.js';
import { withNoteForCard } from '../live-text.js';
import { FLOW_STATUS, streamFrame, updateCard } from './card-api.js';
import { cardMarkdown } from './card-markdown.js';
import { asDingTalkError, type DingTalkError, type DingTalkErrorKind } from './errors.js';
import type { DingTalkRestClient } from './rest-client.js';
import type { TableMode } from './markdown-tables.js';

/** Qwen Code's channel caps a card at 20,000 characters; a little less leaves room for a note under the text. */
export const CARD_MAX_CHARS = 19_000;
/** The widest a card's interval gets while DingTalk keeps saying the app is too fast. */
const MAX_INTERVAL_MS = 8_000;
/** How often a card's last frame and status are tried before giving up on them (about 20 s in all). */
const ENDING_TRIES = 6;
export const PASSING: ReadonlySet<DingTalkErrorKind> = new Set(['rate-limit', 'network', 'timeout', 'server']);
const RATE: ReadonlySet<DingTalkErrorKind> = new Set(['rate-limit']);

export interface AiCardDeps {
  rest: DingTalkRestClient;
  outTrackId: string;
  key: string;
  intervalMs: number;
  tables: TableMode;
  /** Values set as the card ends, besides its text and status. */
  endParams: Record<string, string>;
  logger: Logger;
  /** The card's last frame is out: the answer is there, and only the status that stops the spinner may be missing. */
  finalized(): void;
  /** Done with, `ended` as DingTalk shows it, or given up on (it then needs ending after a restart). */
  settled(ended: boolean): void;
}

/** Who ends a card: the reply it shows, or the bot stopping under it. */
type Ender = 'reply' | 'stop';

/**
 * One AI card as it streams: the reply as it stands goes out at most once an interval (read then, so whatever was
 * written meanwhile goes in one frame, and an unchanged one sends nothing), the interval widens while DingTalk says the app is too fast, and the card is
 * always ended: its last frame tried through DingTalk's rate limits, then the status that stops the spinner.
 */
export class AiCard implements LiveReply {
  readonly maxChars = CARD_MAX_CHARS;
  readonly #deps: AiCardDeps;
  readonly #stopStreaming = new AbortController();
  #intervalMs: number;
  /** What the reply shows now, and whether it changed since the last frame was put together. */
  #draft: () => LiveDraft = () => ({ text: '' });
  #changed = false;
  #shown = '';
  #lastSentAt = 0;
  #inputting = false;
  #streaming: Promise<void> | undefined;
  /** Why frames stopped going out for a reason other than rate; the card is then ended by an update alone. */
  #broken: DingTalkError | undefined;
  #ending: { by: Ender; end: Promise<LiveEnd> } | undefined;
  /** The status update after the last frame, which nobody waits for but a stop. */
  #settling: Promise<void> = Promise.resolve();
  /** The API calls the card has cost so far, its creation included. */
  #apiCalls = 1;

  constructor(deps: AiCardDeps) {
    this.#deps = deps;
    this.#intervalMs = deps.intervalMs;
  }

  /** Resolves once nothing more goes out for the card. */
  get settled(): Promise<void> {
    return (async () => {
      await this.#ending?.end;
      await this.#settling;
    })();
  }

  show(draft: () => LiveDraft): void {
    if (this.#ending) return;
    this.#draft = draft;
    this.#changed = true;
    this.#streaming ??= this.#stream().finally(() => (this.#streaming = undefined));
  }

  finish(text: string): Promise<LiveEnd> {
    return this.#end(text, 'finished', 'reply');
  }

  fail(text: string): Promise<LiveEnd> {
    return this.#end(text, 'failed', 'reply');
  }

  /** The bot stops: the card ends with the reply's text as it stands and `note` under it, unless it is ending already. */
  interrupt(note: string): Promise<LiveEnd> {
    return this.#end(withNoteForCard(this.#draft().text, note, this.maxChars), 'finished', 'stop');
  }

  /** The first to end the card ends it; the other hears it was ended already, and not as it asked. */
  #end(text: string, how: 'finished' | 'failed', by: Ender): Promise<LiveEnd> {
    this.#ending ??= { by, end: this.#close(text, how) };
    const { end } = this.#ending;
    if (this.#ending.by === by) return end;
    return end.then(() => ({ ok: false, error: 'The card had been ended already, as Dingbridge stopped.' }));
  }

  async #stream(): Promise<void> {
    const { signal } = this.#stopStreaming;
    while (this.#changed && !this.#broken && !signal.aborted) {
      const wait = this.#lastSentAt + this.#intervalMs - Date.now();
      if (wait > 0 && !(await pause(wait, signal))) return;
      this.#changed = false;
      const { text: said, status } = this.#draft();
      const text = [said, status ? `> ${status}` : ''].filter(Boolean).join('\n\n');
      if (!text || text === this.#shown) continue;
      const options = { paced: true, paceSignal: signal, counted: this.#counted };
      try {
        if (!this.#inputting) {
          await updateCard(this.#deps.rest, this.#deps.outTrackId, { flowStatus: FLOW_STATUS.inputting }, options);
          this.#inputting = true;
        }
        await streamFrame(this.#deps.rest, this.#frame(text), options);
        this.#shown = text;
        this.#intervalMs = Math.max(this.#deps.intervalMs, this.#intervalMs * 0.75);
      } catch (error) {
        if (signal.aborted) return;
        // The reply as it stands then goes in the next frame.
        this.#changed = true;
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
   * The last frame, which shows the whole text: once DingTalk has it, the answer is there and the status that stops
   * the spinner follows without anyone waiting. Where frames were refused, the status update carries the text as
   * well, and goes at once. Rate limits and passing failures are waited out; only what no wait mends gives up.
   */
  async #close(text: string, how: 'finished' | 'failed'): Promise<LiveEnd> {
    this.#stopStreaming.abort();
    await this.#streaming;
    const { rest, outTrackId, key } = this.#deps;
    const params = { ...this.#deps.endParams, flowStatus: how === 'failed' ? FLOW_STATUS.failed : FLOW_STATUS.finished, [key]: this.#frame(text).content };
    if (!this.#broken) {
      try {
        await persist(() => streamFrame(rest, { ...this.#frame(text), finalize: true, error: how === 'failed' }, { counted: this.#counted }), RATE);
        this.#shown = text;
        this.#deps.finalized();
        this.#settling = this.#setStatus(params);
        // The status update on its way is part of what the answer costs.
        return { ok: true, apiCalls: this.#apiCalls + 1 };
      } catch (error) {
        this.#broken = asDingTalkError(error);
      }
    }
    try {
      await persist(() => updateCard(rest, outTrackId, params, { counted: this.#counted }), PASSING);
      this.#shown = text;
      this.#deps.settled(true);
      return { ok: true, apiCalls: this.#apiCalls };
    } catch (error) {
      this.#deps.settled(false);
      const failure = asDingTalkError(error);
      return { ok: false, error: failure.message, ...(failure.problem ? { problem: failure.problem } : {}) };
    }
  }

  async #setStatus(params: Record<string, string>): Promise<void> {
    try {
      await persist(() => updateCard(this.#deps.rest, this.#deps.outTrackId, params, { paced: true, counted: this.#counted }), PASSING);
      this.#deps.settled(true);
    } catch (error) {
      this.#deps.logger.warn('DingTalk did not take an AI card’s finished status; it is set again at the next start', { reason: asDingTalkError(error).message });
      this.#deps.settled(false);
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
