import type { AgentEnvProvider } from './agent-process.js';

/**
 * Dingbridge's own settings and DingTalk credentials by the names the docs give them: an agent needs none of them,
 * and a chat user can ask it to print its environment.
 */
const DINGBRIDGE_OWN = /^(DINGTALK|DINGBRIDGE)_/i;

/**
 * `env` without what an agent must not see: Dingbridge's and DingTalk's variables and those in `hidden`. Names are
 * compared without case, as Windows does; everything else (PATH, HOME, locale, proxies, the agent's own API keys)
 * stays, since agents need it to work.
 */
export function withoutSecrets(env: NodeJS.ProcessEnv, hidden: ReadonlySet<string>): NodeJS.ProcessEnv {
  const hiddenNames = new Set([...hidden].map((name) => name.toUpperCase()));
  return Object.fromEntries(Object.entries(env).filter(([name]) => !DINGBRIDGE_OWN.test(name) && !hiddenNames.has(name.toUpperCase())));
}

/**
 * The environment agents start with: `base` (this process's when absent) cleaned of `hidden()`, asked anew at
 * every start because a channel saved since may refer to another secret.
 */
export function cleanedAgentEnv(base: AgentEnvProvider | undefined, hidden: () => ReadonlySet<string>): AgentEnvProvider {
  return async () => withoutSecrets(base ? await base() : process.env, hidden());
}
