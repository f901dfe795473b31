import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallBudget, callBudgetOf } from '../../../../electron/core/platform/dingtalk/call-budget.js';

/**
 * The budget waits with `node:timers/promises`, which fake timers leave alone: here it waits with the global
 * `setTimeout` instead, which they do fake, so the budget's clock and its waits are the same fake one.
 */
vi.mock('node:timers/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:timers/promises')>();
  const setTimeout = (ms?: number, value?: unknown, options: { signal?: AbortSignal } = {}) =>
    new Promise((resolve, reject) => {
      const { signal } = options;
      const aborted = () => new DOMException('The operation was aborted', 'AbortError');
      if (signal?.aborted) return reject(aborted());
      const timer = globalThis.setTimeout(() => {
        signal?.removeEventListener('abort', abort);
        resolve(value);
      }, ms);
      const abort = () => {
        globalThis.clearTimeout(timer);
        reject(aborted());
      };
      signal?.addEventListener('abort', abort, { once: true });
    });
  return { ...original, setTimeout, default: { ...original, setTimeout } };
});

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A budget on the fake clock, so its refills and its waits agree. */
const budget = () => new CallBudget({ perSecond: 10, burst: 3, now: () => Date.now() });

/** Starts a `take`, and tells whether it has resolved (or how it rejected). */
function taking(of: CallBudget, signal?: AbortSignal) {
  const state: { done: boolean; error?: unknown } = { done: false };
  const promise = of.take(signal).then(
    () => void (state.done = true),
    (error: unknown) => void (state.error = error),
  );
  return { state, promise };
}

describe("one DingTalk app's pace of calls", () => {
  it('lets a burst go at once, then makes the next call wait until the pace allows it', async () => {
    const calls = budget();
    const burst = [taking(calls), taking(calls), taking(calls)];
    await vi.advanceTimersByTimeAsync(0);
    expect(burst.map(({ state }) => state.done)).toEqual([true, true, true]);

    const next = taking(calls);
    await vi.advanceTimersByTimeAsync(99);
    expect(next.state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(next.state.done).toBe(true);
  });

  it('refills after a quiet spell, but never beyond the burst', async () => {
    const calls = budget();
    for (let i = 0; i < 3; i++) await calls.take();
    await vi.advanceTimersByTimeAsync(10_000);
    const after = [taking(calls), taking(calls), taking(calls), taking(calls)];
    await vi.advanceTimersByTimeAsync(0);
    expect(after.map(({ state }) => state.done)).toEqual([true, true, true, false]);
    await vi.advanceTimersByTimeAsync(100);
    expect(after[3]?.state.done).toBe(true);
  });

  it('sends an answer at once even past the pace, and makes the calls that can wait wait longer for it', async () => {
    const calls = budget();
    for (let i = 0; i < 3; i++) await calls.take();
    // Two answers beyond the burst: nothing stops them.
    calls.spend();
    calls.spend();
    const next = taking(calls);
    // Two calls' worth owed, and one to take: 300 ms at ten a second.
    await vi.advanceTimersByTimeAsync(299);
    expect(next.state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(next.state.done).toBe(true);
  });

  it('holds back what can wait for about a second once DingTalk says the app is too fast', async () => {
    const calls = new CallBudget({ now: () => Date.now() });
    await calls.take();
    calls.refused();
    const next = taking(calls);
    await vi.advanceTimersByTimeAsync(950);
    expect(next.state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(150);
    expect(next.state.done).toBe(true);
  });

  it('gives up waiting when the call is no longer wanted', async () => {
    const calls = budget();
    for (let i = 0; i < 3; i++) await calls.take();
    const controller = new AbortController();
    const next = taking(calls, controller.signal);
    await vi.advanceTimersByTimeAsync(50);
    controller.abort();
    await next.promise;
    expect(next.state).toEqual({ done: false, error: expect.objectContaining({ name: 'AbortError' }) });
    // The call it gave up did not use the token: the next one gets it when it comes.
    const later = taking(calls);
    await vi.advanceTimersByTimeAsync(50);
    expect(later.state.done).toBe(true);
  });

  it('is shared by every channel of the same app, and not by another app or another DingTalk', () => {
    const api = 'https://api.call-budget.test';
    const shared = callBudgetOf(api, 'dingone');
    expect(callBudgetOf(api, 'dingone')).toBe(shared);
    expect(callBudgetOf(api, 'dingtwo')).not.toBe(shared);
    expect(callBudgetOf('http://127.0.0.1:9', 'dingone')).not.toBe(shared);
    expect(shared).toBeInstanceOf(CallBudget);
  });
});
