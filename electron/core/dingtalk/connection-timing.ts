/** The clock of the connection loop. Defaults hold DESIGN's numbers; tests shrink them. */
export interface ConnectionTiming {
  /** A ticket request plus socket handshake that takes longer than this is abandoned and retried. */
  connectTimeoutMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** Every tick sends a WebSocket ping and checks the clock. */
  healthIntervalMs: number;
  /** Ticks in a row without a pong before the socket is declared dead. */
  missedPongsAllowed: number;
  /** Once DingTalk has shown it sends SYSTEM pings, this much silence means the socket is a zombie. */
  serverSilenceMs: number;
  /** A tick this much later than due means the machine slept: the socket is likely dead. */
  clockJumpMs: number;
  /** A connection that dies sooner than this counts as a failed attempt, so a flapping server meets backoff. */
  stableAfterMs: number;
  /** How long a replaced socket may take to close politely before it is cut. */
  closeGraceMs: number;
}

export const DEFAULT_CONNECTION_TIMING: ConnectionTiming = {
  connectTimeoutMs: 10_000,
  backoffMinMs: 1_000,
  backoffMaxMs: 30_000,
  healthIntervalMs: 10_000,
  missedPongsAllowed: 2,
  serverSilenceMs: 45_000,
  clockJumpMs: 30_000,
  stableAfterMs: 10_000,
  closeGraceMs: 1_000,
};
