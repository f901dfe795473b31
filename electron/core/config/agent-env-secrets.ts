import { createHash } from 'node:crypto';
import type { ConfigProblem } from './config-errors.js';
import { referencedVariables } from './substitute-env.js';
import { isKeepSaved } from './agent-env-view.js';
import { isRecord, recordOf } from '../base/plain-object.js';

/*
 * `agent.env` values are secrets (API keys, tokens), kept like the AppSecret: in the secret store under a variable
 * of their own, with only a `$NAME` reference in the config; the window is told which variables have a value,
 * never the value.
 */

const VARIABLE_PREFIX = 'DINGBRIDGE_ENV_';

/** The secret-store variable that holds one `agent.env` value of a channel; stable across restarts, safe as a name. */
export function agentEnvVariableFor(channel: string, name: string): string {
  return `${VARIABLE_PREFIX}${createHash('sha256').update(`${channel}\0${name}`).digest('hex').slice(0, 12).toUpperCase()}`;
}

/**
 * A value written in the config itself, not a reference: empty values and values that name a variable (`$KEY`,
 * `${HOME}/bin`) are not secrets themselves, and moving the latter into the store would stop their substitution.
 */
const isPlain = (value: unknown): value is string => typeof value === 'string' && value !== '' && referencedVariables(value).length === 0;

/** The names of a channel's `agent.env` written in plain text in the config (by hand, or by an older version). */
export function plainAgentEnvNames(channel: unknown): string[] {
  return Object.entries(recordOf(recordOf(recordOf(channel).agent).env))
    .filter(([, value]) => isPlain(value))
    .map(([name]) => name);
}

/** What saving a channel's `agent.env` means for the config and the secret store. */
export interface AgentEnvSave {
  /** `agent` as the config keeps it: in `env`, store references and values that are not secrets themselves. */
  agent: unknown;
  /** Secret-store variables to set. */
  store: Record<string, string>;
  problems: ConfigProblem[];
}

/**
 * Turns the `agent` settings from the window into what is saved. A text value of `env` goes into the store (unless
 * it is empty or names a variable); the window's "keep" stands for the value saved before, which moves along when the
 * channel is renamed and is moved into the store when it was plain text in the config.
 */
export function saveAgentEnv(agent: unknown, channel: string, previousAgent: unknown, saved: Record<string, string>): AgentEnvSave {
  if (!isRecord(agent) || !('env' in agent)) return { agent, store: {}, problems: [] };
  const previous = recordOf(recordOf(previousAgent).env);
  const env: Array<[string, unknown]> = [];
  const store: Record<string, string> = {};
  const problems: ConfigProblem[] = [];
  for (const [name, given] of Object.entries(recordOf(agent.env))) {
    const value = isKeepSaved(given) ? ownValue(previous, name) : given;
    if (value === undefined) {
      problems.push({ path: `agent.env.${name}`, message: 'has no saved value to keep; enter one', code: 'required' });
      continue;
    }
    const inStore = typeof value === 'string' ? storeVariableIn(value) : undefined;
    const secret = isPlain(value) ? value : inStore !== undefined ? ownValue(saved, inStore) : undefined;
    if (secret === undefined) {
      env.push([name, value]);
      continue;
    }
    const variable = agentEnvVariableFor(channel, name);
    env.push([name, `$${variable}`]);
    // A value already where it belongs is not written again.
    if (ownValue(saved, variable) !== secret) store[variable] = secret;
  }
  // fromEntries keeps a name such as "__proto__" as a variable, not a prototype.
  return { agent: { ...agent, env: Object.fromEntries(env) }, store, problems };
}

function ownValue<T>(values: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** The store variable a value refers to, when it is exactly such a reference. */
function storeVariableIn(value: string): string | undefined {
  const [name] = referencedVariables(value);
  return name?.startsWith(VARIABLE_PREFIX) && value === `$${name}` ? name : undefined;
}

/** The store variables that hold a channel's `agent.env` values, whether or not the config still refers to them. */
export function agentEnvVariablesOf(channel: string, agent: unknown): string[] {
  return Object.keys(recordOf(recordOf(agent).env)).map((name) => agentEnvVariableFor(channel, name));
}

/** Whether a store variable holds an `agent.env` value (rather than an AppSecret). */
export const isAgentEnvVariable = (variable: string): boolean => variable.startsWith(VARIABLE_PREFIX);
