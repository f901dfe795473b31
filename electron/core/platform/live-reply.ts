import type { ConnectionProblem } from '../chat/connection-problem.js';

/**
 * What came of ending a live reply: shown as asked (with the calls of the platform's metered API it cost, where it
 * has one), or not, and why.
 */
export type LiveEnd = { ok: true; apiCalls?: number } | { ok: false; error: string; problem?: ConnectionProblem };

/** What a live reply shows: everything written so far, and under it what the agent is doing now. */
export interface LiveDraft {
  text: string;
  status?: string;
}

/**
 * A reply the person watches being written (DingTalk's AI card): it shows the text so far as it grows, and is
 * always ended, finished or failed, never left half-way.
 */
export interface LiveReply {
  /** The most text it holds; a longer answer goes on in messages of its own. */
  readonly maxChars: number;
  /**
   * The reply has grown: `draft` gives what it shows now, read when the platform next sends (at most once an
   * interval, however often the agent writes), so nothing is put together that is never sent.
   */
  show(draft: () => LiveDraft): void;
  /** Shows `text` as the finished answer. */
  finish(text: string): Promise<LiveEnd>;
  /** Ends it as failed, showing `text`. */
  fail(text: string): Promise<LiveEnd>;
}

/** Why a live reply could not be opened, for the log and the window: the answer then goes as a message. */
export interface LiveRefusal {
  refused: string;
  problem?: ConnectionProblem;
}

/** A platform's live replies: opening one that answers a message. */
export interface LiveReplies<M> {
  open(message: M): Promise<LiveReply | LiveRefusal>;
}

export const isRefusal = (opened: LiveReply | LiveRefusal): opened is LiveRefusal => 'refused' in opened;
