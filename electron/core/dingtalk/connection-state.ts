import { z } from 'zod';

/** What a channel's DingTalk connection is doing, as the tray and the channel list show it. */
export const ConnectionStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('stopped') }),
  z.object({
    status: z.literal('connecting'),
    attempt: z.number().int().positive(),
    /** Why a connection that was up is being replaced; absent on the first connect. */
    reason: z.string().optional(),
  }),
  z.object({ status: z.literal('connected'), since: z.number() }),
  z.object({
    status: z.literal('reconnecting'),
    reason: z.string(),
    attempt: z.number().int().nonnegative(),
    nextAttemptAt: z.number(),
  }),
  z.object({ status: z.literal('failed'), reason: z.string(), code: z.string().optional() }),
]);

export type ConnectionState = z.infer<typeof ConnectionStateSchema>;
