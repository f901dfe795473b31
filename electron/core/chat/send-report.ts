import type { ConnectionProblem } from './connection-problem.js';

/** How a chunk went out: through the conversation's short-lived address, or the platform's API. */
export type SendPath = 'webhook' | 'openapi';

export interface SendAttempt {
  chunk: number;
  path: SendPath;
  ok: boolean;
  error?: string;
}

export interface SendReport {
  ok: boolean;
  chunks: number;
  delivered: number;
  /** The path every delivered chunk took, or `mixed`. */
  path: SendPath | 'mixed' | 'none';
  attempts: SendAttempt[];
  error?: string;
  /** When it failed: why, as a code the window words in the user's language. */
  problem?: ConnectionProblem;
  /** When it failed: whether the same send may succeed later (the platform failing, limits, credentials, permissions). */
  retryable?: boolean;
  /** When it failed: the text the platform has not taken, so sending it later repeats nothing already delivered. */
  undelivered?: string;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** Called each time the platform has taken a chunk, with the text it has not taken yet ('' after the last). */
  progress?: (rest: string) => void;
  /** Called when the platform has refused the reply for rate on every path, with how long it waits for the limit to pass. */
  waiting?: (waitMs: number) => void;
}
