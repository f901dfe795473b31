/**
 * Delay before retry number `failures` (1-based): doubling from `minMs`, capped at `maxMs`, with ±25 % jitter
 * so many bots that lost DingTalk together do not all knock again in the same second.
 */
export function backoffDelay(failures: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(base * (0.75 + 0.5 * random()));
  return Math.min(maxMs, Math.max(minMs, jittered));
}
