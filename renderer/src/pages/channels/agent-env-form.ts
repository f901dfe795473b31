import { isKeepSaved, KEEP_SAVED_VALUE } from '../../../../electron/contract/window-shared';

/**
 * One variable of the agent's environment as the form edits it. Its saved value never comes back to the window:
 * `saved` says there is one, which an empty `value` keeps and a typed one replaces.
 */
export interface AgentEnvEntry {
  name: string;
  value: string;
  saved: boolean;
}

/** The variables of `agent.env` as the engine shows them (or as imported, with their values). */
export function agentEnvEntries(env: unknown): AgentEnvEntry[] {
  if (!env || typeof env !== 'object' || Array.isArray(env)) return [];
  return Object.entries(env).map(([name, value]) => (typeof value === 'string' ? { name, value, saved: false } : { name, value: '', saved: isKeepSaved(value) }));
}

/** `agent.env` as the engine takes it: a typed value, "keep the saved one", or an empty value; unnamed rows left out. */
export function agentEnvSetting(entries: AgentEnvEntry[]): Record<string, unknown> {
  const named = entries.filter((entry) => entry.name.trim());
  return Object.fromEntries(named.map((entry) => [entry.name.trim(), entry.value === '' && entry.saved ? KEEP_SAVED_VALUE : entry.value]));
}

/** `agent.env` for checking with the engine's schema, where a kept value counts as text it cannot see. */
export function agentEnvToCheck(entries: AgentEnvEntry[]): Record<string, string> {
  return Object.fromEntries(Object.entries(agentEnvSetting(entries)).map(([name, value]) => [name, typeof value === 'string' ? value : 'saved-value']));
}
