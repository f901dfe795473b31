import { z } from 'zod';

/** Which messages share an agent session: per sender per conversation, per conversation, or one for all. */
export const SessionScopeSchema = z.enum(['user', 'thread', 'single']);
/** What a message does while its session is busy: join the next turn, wait its turn, or replace the turn. */
export const DispatchModeSchema = z.enum(['collect', 'followup', 'steer']);
/** Whether replies carry only the final answer or also a short line per tool call. */
export const OutputModeSchema = z.enum(['final', 'progress']);
/** How the agent's permission requests are answered. */
export const PermissionModeSchema = z.enum(['ask', 'chat', 'auto', 'deny']);

export type SessionScope = z.infer<typeof SessionScopeSchema>;
export type DispatchMode = z.infer<typeof DispatchModeSchema>;
export type OutputMode = z.infer<typeof OutputModeSchema>;
export type PermissionMode = z.infer<typeof PermissionModeSchema>;

const milliseconds = z.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds');

export const AgentTimeoutsSchema = z.object({
  /** A turn running longer is cancelled and the user told. */
  turnMs: milliseconds.positive('must be more than 0 ms').default(30 * 60_000),
  /** An unanswered permission request is refused after this: 270 s, as chat approvals elsewhere expire. */
  permissionMs: milliseconds.positive('must be more than 0 ms').default(270_000),
  /** Spawn → ready. */
  startMs: milliseconds.positive('must be more than 0 ms').default(60_000),
  /** At most one progress message per this interval. */
  progressMs: milliseconds.nonnegative('must be 0 ms or more').default(10_000),
  /**
   * A conversation quiet this long has its session let go of, and resumed from the agent's session file when the
   * person writes again, so memory follows the conversations in use; 0 keeps every session.
   */
  idleMs: milliseconds.nonnegative('must be 0 ms or more').default(30 * 60_000),
});
export type AgentTimeouts = z.output<typeof AgentTimeoutsSchema>;
