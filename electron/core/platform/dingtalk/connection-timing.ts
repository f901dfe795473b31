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
  /**
   * This long without a single frame from DingTalk, counted from the last one or from the socket's opening, means
   * the socket is a zombie, even one that still answers WebSocket pings. DingTalk's gateway sends a SYSTEM ping
   * every 20–30 s on a healthy connection, so 45 s is at least one ping missed; with the health tick that
   * replaces a silent socket within a minute, also one that went silent before its first ping.
   */
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
