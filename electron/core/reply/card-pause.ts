import type { ConnectionProblem } from '../chat/connection-problem.js';
import type { LiveRefusal } from '../platform/live-reply.js';

/** Long enough not to fail every turn while the operator mends the app; short enough to notice once they have. */
export const CARD_PAUSE_MS = 30 * 60_000;

/** Why a channel answers in messages for now, though it is set to answer in cards, and until when. */
export interface CardsPaused {
  until: number;
  reason: string;
  problem?: ConnectionProblem;
}

/**
 * A channel's cards after one could not be made: rather than fail every turn the same way, it answers in messages
 * for a while. A refusal with no platform problem behind it (one person the card cannot reach) pauses nothing.
 */
export class CardPause {
  #paused: CardsPaused | undefined;

  constructor(
    private readonly pauseMs = CARD_PAUSE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Why cards are paused now, if they are. */
  get paused(): CardsPaused | undefined {
    if (this.#paused && this.#paused.until <= this.now()) this.#paused = undefined;
    return this.#paused;
  }

  /** Pauses the cards after `refusal`, unless it was one conversation's; returns the pause when there is one. */
  refused(refusal: LiveRefusal): CardsPaused | undefined {
    if (!refusal.problem) return undefined;
    this.#paused = { until: this.now() + this.pauseMs, reason: refusal.refused, problem: refusal.problem };
    return this.#paused;
  }
}
