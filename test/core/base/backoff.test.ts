import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../electron/core/base/backoff.js';

describe('backoffDelay', () => {
  it('starts at one second and doubles', () => {
    expect(backoffDelay(1, 1000, 30_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, 1000, 30_000, () => 0.5)).toBe(2000);
    expect(backoffDelay(4, 1000, 30_000, () => 0.5)).toBe(8000);
  });

  it('never goes below the minimum or above thirty seconds', () => {
    for (let failures = 1; failures < 40; failures++) {
      for (const r of [0, 0.3, 0.999]) {
        const wait = backoffDelay(failures, 1000, 30_000, () => r);
        expect(wait).toBeGreaterThanOrEqual(1000);
        expect(wait).toBeLessThanOrEqual(30_000);
      }
    }
  });

  it('spreads retries at the cap so bots do not knock together', () => {
    const waits = new Set([0, 0.25, 0.5, 0.75].map((r) => backoffDelay(20, 1000, 30_000, () => r)));
    expect(waits.size).toBeGreaterThan(1);
  });
});
