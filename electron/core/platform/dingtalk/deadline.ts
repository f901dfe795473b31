/**
 * An abort signal that fires after `ms`, or as soon as `outer` does. Unlike AbortSignal.timeout and
 * AbortSignal.any, everything it holds (the timer, the listener on `outer`) is let go of by `release()`, so
 * a burst of finished requests does not stay in memory until their timeouts would have fired.
 */
export interface Deadline {
  signal: AbortSignal;
  /** True when the time ran out, as opposed to `outer` aborting. */
  readonly timedOut: boolean;
  release(): void;
}

export function deadline(ms: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${ms} ms`));
  }, ms);
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    release: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
