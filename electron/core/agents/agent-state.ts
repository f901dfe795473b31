import { z } from 'zod';
import { AgentProblemSchema } from './agent-problem.js';

/**
 * What a channel's agent is doing. `reason` in English; `problem`, when the reason has a code, for windows to word
 * in their own language. `needs-login`: it runs, but refuses to start sessions until someone logs in; `login` is the
 * command that does it, when known.
 */
export const AgentStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  z.object({ status: z.literal('starting') }),
  z.object({ status: z.literal('ready'), pid: z.number().optional(), agent: z.string(), version: z.string().optional() }),
  z.object({ status: z.literal('needs-login'), agent: z.string(), reason: z.string(), problem: AgentProblemSchema.optional(), login: z.string().optional() }),
  z.object({ status: z.literal('restarting'), reason: z.string(), problem: AgentProblemSchema.optional(), nextAttemptAt: z.number() }),
  z.object({ status: z.literal('failed'), reason: z.string(), problem: AgentProblemSchema.optional() }),
  z.object({ status: z.literal('stopped') }),
]);

export type AgentState = z.infer<typeof AgentStateSchema>;
