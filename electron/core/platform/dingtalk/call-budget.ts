import { setTimeout as delay } from 'node:timers/promises';

export interface CallBudgetOptions {
  /** Calls a second the app's calls settle at. */
  perSecond?: number;
  /** Calls that may go at once after a quiet spell. */
  burst?: number;
  now?: () => number;
}

/**
 * DingTalk refuses an app's Open API calls beyond about 40 a second (403 `QpsLimit…`, or 429); half of that leaves
 * room for whatever else uses the same app.
 */
const CALLS_PER_SECOND = 20;
/** A burst and a second of the pace together stay under DingTalk's limit, with room for the answers that do not wait. */
const BURST = 5;
/** How long nothing optional goes out after DingTalk said the app is too fast. */
const REFUSED_REST_MS = 1_000;

/**
 * One app's pace of Open API calls, shared by all of its channels: a token bucket. What can wait (a new card, its
 * next frame, a 👀) waits for a token; a finished answer (a message, a card's last frame) goes at once and is paid
 * for afterwards, so it never waits on a limit DingTalk has not shown.
 */
export class CallBudget {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(options: CallBudgetOptions = {}) {
    this.#perSecond = options.perSecond ?? CALLS_PER_SECOND;
    this.#burst = options.burst ?? BURST;
    this.#now = options.now ?? Date.now;
    this.#tokens = this.#burst;
    this.#at = this.#now();
  }

  /** A call that goes now, even beyond the pace: later ones that can wait make up for it. */
  spend(): void {
    this.#refill();
    this.#tokens -= 1;
  }

  /** Resolves when a call fits the pace; rejects when `signal` aborts first. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.#refill();
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await delay(Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000), undefined, signal ? { signal } : {});
    }
  }

  /** DingTalk said the app is too fast: what can wait waits a while. */
  refused(): void {
    this.#refill();
    this.#tokens = Math.min(this.#tokens, -(this.#perSecond * REFUSED_REST_MS) / 1000);
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) / 1000) * this.#perSecond);
    this.#at = now;
  }
}

const budgets = new Map<string, CallBudget>();

/** The budget of the app `clientId` on the DingTalk at `api`: every channel of that app in this process shares it. */
export function callBudgetOf(api: string, clientId: string): CallBudget {
  const key = `${api}\u0000${clientId}`;
  let budget = budgets.get(key);
  if (!budget) {
    budget = new CallBudget();
    budgets.set(key, budget);
  }
  return budget;
}
