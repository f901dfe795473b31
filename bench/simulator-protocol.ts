export interface Counts {
  acks: number;
  replies: number;
  /** Of the replies, the pictures and files sent, and the rest (text, markdown). */
  files: number;
  answers: number;
  /** AI cards that have shown text, and that have ended. */
  cardTexts: number;
  cardsEnded: number;
  /** Live stream connections. */
  live: number;
}

/** What the benchmarks ask of the simulator process. */
export type HostCall =
  | { op: 'start'; options: unknown }
  | { op: 'push'; messages: unknown[] }
  | { op: 'wait'; target: Partial<Counts>; timeoutMs: number }
  | { op: 'results' }
  | { op: 'reset' }
  | { op: 'stop' };

export type HostRequest = HostCall & { id: number };

export type HostReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
