import { describe, expect, it } from 'vitest';
import { startWorld } from './service-harness.js';
import { FAST_TIMING, liveConnections, until } from '../platform/dingtalk/harness.js';

describe('the machine waking from sleep', () => {
  it('makes a running channel replace its stale connection at once', async () => {
    // Checks a minute apart: only the word that the machine woke can replace the socket within the test.
    const world = await startWorld({}, { tuning: { connectionTiming: { ...FAST_TIMING, healthIntervalMs: 60_000, serverSilenceMs: 120_000 } } });
    const [stale] = liveConnections(world.fake);
    world.fake.zombify(stale?.id);
    world.service.woke();
    await until(() => world.fake.connections().some((c) => c.id !== stale?.id && c.state === 'live'), 'a replacement connection', 1_000);
    await until(() => world.service.channels()[0]?.connection.status === 'connected', 'the channel connected again');
    world.fake.pushMessage({ text: 'hello after the sleep' });
    await until(() => world.outboxText().length > 0, 'an answer');
    expect(world.events('connection.state')).toContainEqual(expect.objectContaining({ state: expect.objectContaining({ status: 'connecting', problem: { code: 'resumed' } }) }));
  });
});
