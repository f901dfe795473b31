import type { DetectedAgent } from './detected-agent.js';

/** How long a detection is reused: long enough to open the form twice, short enough to notice a new login. */
export const DETECT_CACHE_MS = 30_000;

/**
 * Detection starts every installed agent, which takes seconds and spawns processes: a window that asks again
 * (the form opened twice, "Try it now" right after) shares the answer, and the detection under way, instead.
 * A different PATH is a different machine as far as agents go, so it is detected anew.
 */
export function cachedDetection(detect: (env: NodeJS.ProcessEnv) => Promise<DetectedAgent[]>, ttlMs = DETECT_CACHE_MS) {
  let last: { path: string; at: number; result: Promise<DetectedAgent[]> } | undefined;
  return (env: NodeJS.ProcessEnv): Promise<DetectedAgent[]> => {
    const path = env.PATH ?? '';
    if (last && last.path === path && Date.now() - last.at < ttlMs) return last.result;
    const result = detect(env);
    const entry = { path, at: Date.now(), result };
    last = entry;
    result.catch(() => {
      if (last === entry) last = undefined;
    });
    return result;
  };
}
