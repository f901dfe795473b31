import type { z } from 'zod';
import type { Endpoints } from './endpoints.js';
import { AccessTokenCache } from './token-cache.js';
import { requestJson, type JsonRequest } from './http.js';
import { DingTalkError, describeDingTalkError } from './errors.js';
import type { CallBudget } from './call-budget.js';
import type { ProxyRules } from './proxy-rules.js';

/**
 * `what` is named in errors: "the group message send". `paced`: the call can wait for the app's pace (a card's
 * next frame, a reaction); any other goes at once. `paceSignal` gives up that wait (a request already sent is seen
 * through, so what DingTalk got is known). `counted` hears of each request that goes out for it.
 */
export type RestCallOptions = Pick<JsonRequest, 'what' | 'timeoutMs' | 'signal' | 'background' | 'method'> & {
  paced?: boolean;
  paceSignal?: AbortSignal;
  counted?: () => void;
};

/**
 * DingTalk's v1.0 Open API: every call carries the cached token, is retried once if the token was refused, and
 * keeps to the app's pace.
 */
export class DingTalkRestClient {
  /** Picks the proxy for every call of the bot's, the same rules its token is fetched with. */
  readonly proxy: ProxyRules;

  constructor(
    readonly endpoints: Endpoints,
    readonly tokens: AccessTokenCache,
    readonly budget: CallBudget,
    /** Hears of every call that reaches DingTalk's API, for the count of its quota. */
    readonly counted: () => void = () => undefined,
  ) {
    this.proxy = tokens.proxy;
  }

  async call<T>(path: string, body: unknown, schema: z.ZodType<T>, { paced, paceSignal, counted, ...options }: RestCallOptions): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get();
      if (paced) await this.budget.take(paceSignal ?? options.signal);
      else this.budget.spend();
      this.counted();
      counted?.();
      const { status, body: answer } = await requestJson(`${this.endpoints.api}${path}`, {
        ...options,
        proxy: this.proxy,
        body,
        headers: { 'x-acs-dingtalk-access-token': token },
      });
      if (status >= 200 && status < 300) {
        const parsed = schema.safeParse(answer);
        if (parsed.success) return parsed.data;
        throw new DingTalkError(`DingTalk gave an unexpected answer to ${options.what}.`, { kind: 'server', status });
      }
      const error = describeDingTalkError(status, answer, options.what);
      if (error.kind === 'rate-limit') this.budget.refused();
      if (error.kind === 'invalid-token' && attempt === 1) {
        this.tokens.invalidate(token);
        continue;
      }
      throw error;
    }
  }
}

/** Posts to a conversation's session webhook, which needs no token and reports errors as errcode in a 200. */
export async function postSessionWebhook(url: string, payload: unknown, options: RestCallOptions & Pick<JsonRequest, 'proxy'>): Promise<void> {
  const { status, body } = await requestJson(url, {
    body: payload,
    proxy: options.proxy,
    what: options.what,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  const errcode = body && typeof body === 'object' ? (body as { errcode?: unknown }).errcode : undefined;
  if (status >= 200 && status < 300 && errcode === 0) return;
  if (status >= 200 && status < 300 && errcode === undefined) {
    throw new DingTalkError(`DingTalk gave an unexpected answer to ${options.what}.`, { kind: 'server', status });
  }
  throw describeDingTalkError(status, body, options.what);
}
