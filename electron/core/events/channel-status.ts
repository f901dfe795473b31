import { z } from 'zod';
import { AgentProblemSchema } from '../agents/agent-problem.js';
import { ConnectionProblemSchema } from '../chat/connection-problem.js';

export const ChannelStatusSchema = z.enum(['stopped', 'starting', 'running', 'failed']);
export type ChannelStatus = z.infer<typeof ChannelStatusSchema>;

/**
 * Why a channel failed, as a code the app words in the user's language: its agent gave up, or DingTalk refused
 * the bot. A channel that failed for anything else has its English reason only.
 */
export const ChannelProblemSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('agent'), agent: AgentProblemSchema }),
  z.object({ code: z.literal('connection'), connection: ConnectionProblemSchema }),
]);
export type ChannelProblem = z.infer<typeof ChannelProblemSchema>;

/** Why a channel is in its state: `reason` in English, `problem` when the reason has a code. */
export interface ChannelWhy {
  reason: string;
  problem?: ChannelProblem;
}
