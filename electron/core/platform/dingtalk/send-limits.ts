import type { DingTalkError } from './errors.js';

export type LimitedPath = 'webhook' | 'openapi';

export interface SendLimitsOptions {
  /** DingTalk's "too many messages a minute" (660026) counts the sends of this window into one conversation. */
  windowMs?: number;
  /** The first wait after any other rate limit (the Open API's QPS); each one after it, in a row, twice as long. */
  firstWaitMs?: number;
  now?: () => number;
}

/** DingTalk's code for "this conversation's webhook took too many messages this minute". */
const PER_MINUTE_CODE = '660026';
const MAX_WAIT_MS = 30_000;

interface PathState {
  /** When each recent send went out, oldest first, within the last window. */
  sent: number[];
  /** Not to be used before this time; 0 when DingTalk has not refused it. */
  freeAt: number;
  refusals: number;
}

/**
 * Which way of sending DingTalk has told us is over its limit, for a conversation, and until when. Nothing is
 * held back on an assumed limit: a path is paused only after DingTalk refused a send on it, and for as long as
 * what DingTalk said implies.
 */
export class SendLimits {
  readonly #paths = new Map<string, PathState>();
  readonly #windowMs: number;
  readonly #firstWaitMs: number;
  readonly #now: () => number;

  constructor(options: SendLimitsOptions = {}) {
    this.#windowMs = options.windowMs ?? 60_000;
    this.#firstWaitMs = options.firstWaitMs ?? 2_000;
    this.#now = options.now ?? Date.now;
  }

  /** 0 when the path may be used now; otherwise when it may be used again. */
  freeAt(path: LimitedPath, conversationId: string): number {
    const freeAt = this.#paths.get(keyOf(path, conversationId))?.freeAt ?? 0;
    return freeAt > this.#now() ? freeAt : 0;
  }

  sent(path: LimitedPath, conversationId: string): void {
    const state = this.#state(path, conversationId);
    state.sent.push(this.#now());
    state.refusals = 0;
    state.freeAt = 0;
  }

  /** DingTalk refused a send on `path` for rate: the path rests for as long as what DingTalk said implies. */
  refused(path: LimitedPath, conversationId: string, error: DingTalkError): void {
    const state = this.#state(path, conversationId);
    const now = this.#now();
    const oldest = state.sent[0];
    const backoff = Math.min(this.#firstWaitMs * 2 ** state.refusals, MAX_WAIT_MS);
    // A per-minute refusal frees up when the oldest send it counted leaves the window; any other limit, or one
    // we saw no sends for (they were made before a restart), is waited out with a growing pause.
    state.freeAt = error.code === PER_MINUTE_CODE && oldest !== undefined ? Math.max(oldest + this.#windowMs + 1, now + 1) : now + backoff;
    state.refusals += 1;
  }

  #state(path: LimitedPath, conversationId: string): PathState {
    const key = keyOf(path, conversationId);
    const now = this.#now();
    let state = this.#paths.get(key);
    if (!state) {
      this.#forgetIdle(now);
      state = { sent: [], freeAt: 0, refusals: 0 };
      this.#paths.set(key, state);
    }
    while (state.sent.length && (state.sent[0] ?? 0) <= now - this.#windowMs) state.sent.shift();
    return state;
  }

  /** Keeps the map to the conversations of the last window, however many a long-running bot has seen. */
  #forgetIdle(now: number): void {
    if (this.#paths.size < 1_000) return;
    for (const [key, state] of this.#paths) {
      if (state.freeAt <= now && (state.sent.at(-1) ?? 0) <= now - this.#windowMs) this.#paths.delete(key);
    }
  }
}

const keyOf = (path: LimitedPath, conversationId: string) => `${path}\u0000${conversationId}`;
