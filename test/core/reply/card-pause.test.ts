import { describe, expect, it } from 'vitest';
import type { ConnectionProblem } from '../../../electron/core/chat/connection-problem.js';
import { CARD_PAUSE_MS, CardPause } from '../../../electron/core/reply/card-pause.js';

/** A clock the test moves. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, pass: (ms: number) => void (now += ms) };
}

const problem: ConnectionProblem = { code: 'permission', status: 403, permission: 'Card.Streaming.Write' };

describe("a channel's cards paused after one could not be made", () => {
  it('answers in messages for a while when the platform refused the card, saying why and until when', () => {
    const time = clock();
    const pause = new CardPause(60_000, time.now);
    expect(pause.paused).toBeUndefined();
    const paused = pause.refused({ refused: 'the app may not send cards', problem });
    expect(paused).toEqual({ until: 1_060_000, reason: 'the app may not send cards', problem });
    expect(pause.paused).toEqual({ until: 1_060_000, reason: 'the app may not send cards', problem });
    time.pass(59_999);
    expect(pause.paused).toEqual(paused);
  });

  it('tries cards again once the pause is over', () => {
    const time = clock();
    const pause = new CardPause(60_000, time.now);
    pause.refused({ refused: 'the app may not send cards', problem });
    time.pass(60_000);
    expect(pause.paused).toBeUndefined();
    // A new refusal pauses them again, from then.
    time.pass(5_000);
    expect(pause.refused({ refused: 'still not allowed', problem })?.until).toBe(1_125_000);
  });

  it('pauses nothing when the card could not reach one person, with no platform problem behind it', () => {
    const pause = new CardPause(60_000, clock().now);
    expect(pause.refused({ refused: 'the person cannot receive cards' })).toBeUndefined();
    expect(pause.paused).toBeUndefined();
  });

  it('pauses for half an hour unless told otherwise', () => {
    const time = clock();
    const pause = new CardPause(undefined, time.now);
    expect(pause.refused({ refused: 'no permission', problem })?.until).toBe(1_000_000 + 30 * 60_000);
    expect(CARD_PAUSE_MS).toBe(30 * 60_000);
  });
});
