import type { BotCredentials } from './credentials.js';
import type { Endpoints } from './endpoints.js';
import { AccessTokenCache } from './token-cache.js';
import { StreamClient } from './stream-client.js';
import { DingTalkError } from './errors.js';

export interface CheckStep {
  step: 'credentials' | 'stream';
  ok: boolean;
  message: string;
}

export interface ConnectionCheck {
  ok: boolean;
  steps: CheckStep[];
}

const NO_HOOKS = {
  robotFrame() {},
  anyFrame() {},
  serverPing() {},
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
): Promise<ConnectionCheck> {
  const steps: CheckStep[] = [];
  const tokens = new AccessTokenCache(credentials, endpoints);
  try {
    await tokens.get();
    steps.push({ step: 'credentials', ok: true, message: 'DingTalk accepted the AppKey and AppSecret.' });
  } catch (error) {
    steps.push({ step: 'credentials', ok: false, message: messageOf(error) });
    return { ok: false, steps };
  }
  const client = new StreamClient({ credentials, endpoints, tokens, hooks: NO_HOOKS });
  try {
    await client.requestTicket(AbortSignal.timeout(8_000));
    steps.push({ step: 'stream', ok: true, message: 'DingTalk offers a Stream Mode connection to this app.' });
  } catch (error) {
    steps.push({ step: 'stream', ok: false, message: messageOf(error) });
  }
  return { ok: steps.every((step) => step.ok), steps };
}

const messageOf = (error: unknown): string =>
  error instanceof DingTalkError ? error.message : error instanceof Error ? error.message : String(error);
