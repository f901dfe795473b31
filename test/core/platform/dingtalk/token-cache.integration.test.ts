import { describe, expect, it } from 'vitest';
import { startFake } from './harness.js';
import { AccessTokenCache } from '../../../../electron/core/platform/dingtalk/token-cache.js';
import { EndpointsSchema } from '../../../../electron/core/platform/dingtalk/endpoints.js';

describe('AccessTokenCache', () => {
  it('fetches once for many callers and renews five minutes before expiry', async () => {
    const fake = await startFake({ tokenTtlSeconds: 7200 });
    let now = Date.now();
    const cache = new AccessTokenCache(fake.app, EndpointsSchema.parse(fake.endpoints), { now: () => now });
    const tokens = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(new Set(tokens).size).toBe(1);
    const tokenRequests = () => fake.requests.filter((r) => r.path === '/v1.0/oauth2/accessToken').length;
    expect(tokenRequests()).toBe(1);
    now += (7200 - 301) * 1000;
    await cache.get();
    expect(tokenRequests()).toBe(1);
    now += 2_000;
    await cache.get();
    expect(tokenRequests()).toBe(2);
  });

  it('forgets only the token that was refused', async () => {
    const fake = await startFake();
    const cache = new AccessTokenCache(fake.app, EndpointsSchema.parse(fake.endpoints));
    const first = await cache.get();
    cache.invalidate('some-other-token');
    expect(await cache.get()).toBe(first);
    cache.invalidate(first);
    await cache.get();
    expect(fake.requests.filter((r) => r.path === '/v1.0/oauth2/accessToken')).toHaveLength(2);
  });
});
