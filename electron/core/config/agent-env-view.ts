import { z } from 'zod';
import { isRecord } from '../base/plain-object.js';

/** How the window sees a variable of `agent.env`: whether it has a value, never the value. */
export const AgentEnvValueViewSchema = z.object({ hasSecret: z.boolean() });
export type AgentEnvValueView = z.infer<typeof AgentEnvValueViewSchema>;

/** What the window sends back for a variable whose saved value it leaves as it is: the view it was shown. */
export const KEEP_SAVED_VALUE: AgentEnvValueView = { hasSecret: true };

export const isKeepSaved = (value: unknown): boolean => !!value && typeof value === 'object' && (value as AgentEnvValueView).hasSecret === true;

/**
 * A channel's settings as the window may see them: `agent.env` by name, with whether each has a value. An `agent`
 * that is no object at all (a mistake made by hand) is left out: the form reads it as no agent settings anyway.
 */
export function withAgentEnvHidden(settings: Record<string, unknown>): Record<string, unknown> {
  const { agent, ...rest } = settings;
  if (!isRecord(agent)) return rest;
  if (!('env' in agent)) return settings;
  const env = Object.entries(isRecord(agent.env) ? agent.env : {}).map(([name, value]) => [name, { hasSecret: typeof value === 'string' && value !== '' }]);
  return { ...settings, agent: { ...agent, env: Object.fromEntries(env) } };
}
