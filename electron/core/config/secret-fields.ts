import type { RawConfig } from './config-store.js';
import { referencedVariables } from './substitute-env.js';
import { recordOf } from '../base/plain-object.js';
import { proxyPasswordsOf } from './proxy-password.js';

/**
 * The values of a channel's secret settings: the AppSecret, the proxy's password and every `agent.env` value. Read
 * from settings as written (to find the variables they refer to) or as resolved (to redact them); the one list of
 * what counts as a secret.
 * The AppSecret is looked for in the `dingtalk` section and where files written before it kept it.
 */
export function secretValuesOf(channel: unknown): string[] {
  const settings = recordOf(channel);
  const values = [recordOf(settings.dingtalk).clientSecret, settings.clientSecret, ...proxyPasswordsOf(recordOf(settings.dingtalk).proxy), ...Object.values(recordOf(recordOf(settings.agent).env))];
  return values.filter((value): value is string => typeof value === 'string');
}

/**
 * Every variable a secret setting of any channel refers to (`"dingtalk": { "clientSecret": "$DINGTALK_CLIENT_SECRET" }`): agents
 * must not find these in the environment they inherit, whichever channel they belong to.
 */
export function variablesSecretsReferTo(config: RawConfig): Set<string> {
  return new Set(Object.values(recordOf(config.channels)).flatMap(secretValuesOf).flatMap(referencedVariables));
}
