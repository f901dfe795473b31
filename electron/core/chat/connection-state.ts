import { z } from 'zod';
import { ConnectionProblemSchema } from './connection-problem.js';

/**
 * What a channel's connection to its chat platform is doing, as the tray and the channel list show it. Each
 * `reason` is in English; its `problem`, when it has a code, is for windows to word in their own language.
 */
export const ConnectionStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('stopped') }),
  z.object({
    status: z.literal('connecting'),
    attempt: z.number().int().positive(),
    /** Why a connection that was up is being replaced; absent on the first connect. */
    reason: z.string().optional(),
    problem: ConnectionProblemSchema.optional(),
  }),
  z.object({ status: z.literal('connected'), since: z.number() }),
  z.object({
    status: z.literal('reconnecting'),
    reason: z.string(),
    problem: ConnectionProblemSchema.optional(),
    attempt: z.number().int().nonnegative(),
    nextAttemptAt: z.number(),
  }),
  /** `code` is the platform's own error code. */
  z.object({ status: z.literal('failed'), reason: z.string(), problem: ConnectionProblemSchema.optional(), code: z.string().optional() }),
]);

export type ConnectionState = z.infer<typeof ConnectionStateSchema>;
