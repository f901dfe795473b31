import { describe, expect, it } from 'vitest';
import { startFake } from './harness.js';
import { checkConnection } from '../../../../electron/core/platform/dingtalk/connection-check.js';
import { EndpointsSchema } from '../../../../electron/core/platform/dingtalk/endpoints.js';

describe('checkConnection ("Test connection")', () => {
  it('confirms good credentials and Stream Mode', async () => {
    const fake = await startFake();
    const result = await checkConnection(fake.app, EndpointsSchema.parse(fake.endpoints));
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.step)).toEqual(['credentials', 'stream']);
  });

  it('answers bad credentials in DingTalk’s words', async () => {
    const fake = await startFake();
    const result = await checkConnection({ clientId: fake.app.clientId, clientSecret: 'nope' }, EndpointsSchema.parse(fake.endpoints));
    expect(result.ok).toBe(false);
    expect(result.steps).toEqual([
      {
        step: 'credentials',
        ok: false,
        message: expect.stringMatching(/rejected the AppKey\/AppSecret.*无效的clientId或者clientSecret/),
        // For the window to word in its language, quoting DingTalk as it answered.
        problem: { code: 'auth', status: 400, dingtalkCode: 'invalidClientIdOrSecret', dingtalkMessage: '无效的clientId或者clientSecret' },
      },
    ]);
  });

  it('answers within seconds when DingTalk cannot be reached', async () => {
    const started = Date.now();
    const result = await checkConnection({ clientId: 'a', clientSecret: 'b' }, EndpointsSchema.parse({ api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:9' }));
    expect(result.ok).toBe(false);
    expect(result.steps[0]?.message).toMatch(/Could not reach DingTalk/);
    expect(result.steps[0]?.problem).toMatchObject({ code: 'unreachable', detail: expect.stringContaining('ECONNREFUSED') });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
