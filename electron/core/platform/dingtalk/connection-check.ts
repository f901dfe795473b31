import type { BotCredentials } from './credentials.js';
import type { Endpoints } from './endpoints.js';
import { AccessTokenCache } from './token-cache.js';
import { StreamClient } from './stream-client.js';
import { DingTalkError } from './errors.js';
import { ProxyRules } from './proxy-rules.js';
import { holdPools } from './connection-pools.js';
import type { ProxySetting } from './proxy-setting.js';
import type { ConnectionProblem } from '../../chat/connection-problem.js';

/** `message` in English; a failed step's `problem`, when it has a code, for windows to word in their own language. */
export interface CheckStep {
  step: 'credentials' | 'stream';
  ok: boolean;
  message: string;
  problem?: ConnectionProblem;
}

export interface ConnectionCheck {
  ok: boolean;
  steps: CheckStep[];
}

const NO_HOOKS = {
  robotFrame() {},
  cardFrame() {},
  anyFrame() {},
  serverDisconnect() {},
  pong() {},
  closed() {},
  malformedFrame() {},
};

/**
 * "Test connection": asks DingTalk for a token (are the AppKey and AppSecret right?) and for a Stream ticket
 * (is Stream Mode usable?), answering in seconds and in DingTalk's own words when something is wrong.
 */
export async function checkConnection(
  credentials: Pick<BotCredentials, 'clientId' | 'clientSecret'>,
  endpoints: Endpoints,
  proxy?: ProxySetting,
): Promise<ConnectionCheck> {
  const rules = ProxyRules.of(proxy);
  // The proxy may be one being tried out in the form: its connections close with the check.
  const releasePools = holdPools(rules);
  try {
    return await check(credentials, endpoints, rules);
  } finally {
    releasePools();
  }
}

async function check(credentials: Pick<BotCredentials, 'clientId' | 'clientSecret'>, endpoints: Endpoints, proxy: ProxyRules): Promise<ConnectionCheck> {
  const steps: CheckStep[] = [];
  const tokens = new AccessTokenCache(credentials, endpoints, { proxy });
  try {
    await tokens.get();
    steps.push({ step: 'credentials', ok: true, message: 'DingTalk accepted the AppKey and AppSecret.' });
  } catch (error) {
    steps.push({ step: 'credentials', ok: false, ...failureOf(error) });
    return { ok: false, steps };
  }
  const client = new StreamClient({ credentials, endpoints, tokens, proxy, hooks: NO_HOOKS });
  try {
    await client.requestTicket(AbortSignal.timeout(8_000));
    steps.push({ step: 'stream', ok: true, message: 'DingTalk offers a Stream Mode connection to this app.' });
  } catch (error) {
    steps.push({ step: 'stream', ok: false, ...failureOf(error) });
  }
  return { ok: steps.every((step) => step.ok), steps };
}

function failureOf(error: unknown): Pick<CheckStep, 'message' | 'problem'> {
  if (error instanceof DingTalkError) return { message: error.message, ...(error.problem ? { problem: error.problem } : {}) };
  return { message: error instanceof Error ? error.message : String(error) };
}
