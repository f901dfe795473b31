import { z } from 'zod';
import { AgentPresetIdSchema } from './agent-config.js';
import { AgentProblemSchema } from './agent-problem.js';
import { InstallHintSchema } from './install-hint.js';

/**
 * Whether an agent can answer, not only whether its command is found: `needs-login` agents start but refuse
 * every session, `broken` ones fail to start (or take too long to); only `usable` ones can answer.
 */
export const AGENT_USABILITY = ['usable', 'needs-login', 'broken', 'not-installed'] as const;
export const AgentUsabilitySchema = z.enum(AGENT_USABILITY);
export type AgentUsability = z.infer<typeof AgentUsabilitySchema>;

/** One agent as detection reports it to the window (and to the first start, to pick an agent). */
export const DetectedAgentSchema = z.object({
  preset: AgentPresetIdSchema.exclude(['custom']),
  label: z.string(),
  command: z.string(),
  /** Found on PATH (always true for the built-in demo). Kept for windows that predate `state`. */
  installed: z.boolean(),
  state: AgentUsabilitySchema,
  /** Why it is not usable, in a sentence. */
  reason: z.string().optional(),
  /** The reason as a code the app words in the user's language; absent from older engines. */
  problem: AgentProblemSchema.optional(),
  /** For `needs-login`: the command to run once in a terminal, when the preset knows one. */
  login: z.string().optional(),
  path: z.string().optional(),
  version: z.string().optional(),
  /** How to install it, in English; `installHint` is the same as a code the window words. */
  install: z.string(),
  installHint: InstallHintSchema.optional(),
});
export type DetectedAgent = z.infer<typeof DetectedAgentSchema>;

/**
 * The agent a new simulator channel should get: the first real one that can answer, else the demo, which
 * always can. An agent that is merely installed would answer every message with a login error.
 */
export function firstUsablePreset(agents: readonly Pick<DetectedAgent, 'preset' | 'state'>[]): DetectedAgent['preset'] {
  return agents.find((agent) => agent.state === 'usable' && agent.preset !== 'demo')?.preset ?? 'demo';
}
