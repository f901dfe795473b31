import { z } from 'zod';
import type { Endpoints } from './endpoints.js';
import type { BotCredentials } from './credentials.js';
import { requestJsonOk } from './http.js';
import { ProxyRules } from './proxy-rules.js';
import { DingTalkError } from './errors.js';

const TokenAnswer = z.object({ accessToken: z.string().min(1), expireIn: z.number().positive() });

export interface TokenCacheOptions {
  /** Fetch a new token this long before the old one expires, so no call ever carries a dying token. */
  refreshBeforeMs?: number;
  now?: () => number;
  /** Picks the proxy for this and every call made with the token; the environment's proxy variables when left out. */
  proxy?: ProxyRules;
}

/** The app's access token, fetched once, shared by every caller, and renewed ahead of its expiry. */
export class AccessTokenCache {
  #token: { value: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;
  readonly #refreshBeforeMs: number;
  readonly #now: () => number;
  readonly proxy: ProxyRules;

  constructor(
    private readonly credentials: Pick<BotCredentials, 'clientId' | 'clientSecret'>,
    private readonly endpoints: Endpoints,
    options: TokenCacheOptions = {},
  ) {
    this.#refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
    this.proxy = options.proxy ?? ProxyRules.of(undefined);
  }

  async get(): Promise<string> {
    const cached = this.#token;
    if (cached && cached.expiresAt - this.#refreshBeforeMs > this.#now()) return cached.value;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forget a token DingTalk refused; only the token that failed, so a fresher one fetched meanwhile survives. */
  invalidate(token: string): void {
    if (this.#token?.value === token) this.#token = undefined;
  }

  async #fetch(): Promise<string> {
    const body = await requestJsonOk(`${this.endpoints.api}/v1.0/oauth2/accessToken`, {
      body: { appKey: this.credentials.clientId, appSecret: this.credentials.clientSecret },
      what: 'the access token request',
      proxy: this.proxy,
    });
    const parsed = TokenAnswer.safeParse(body);
    if (!parsed.success) {
      throw new DingTalkError('DingTalk answered the access token request without a token.', { kind: 'server', problem: { code: 'no-token' } });
    }
    this.#token = { value: parsed.data.accessToken, expiresAt: this.#now() + parsed.data.expireIn * 1000 };
    return parsed.data.accessToken;
  }
}
