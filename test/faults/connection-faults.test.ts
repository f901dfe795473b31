import { describe, expect, it } from 'vitest';
import { GATEWAY_PATH } from '../../electron/core/platform/simulator/dingtalk/index.js';
import { FAST_TIMING, startFake, until } from '../core/platform/dingtalk/harness.js';
import { startWorld } from '../core/channel/service-harness.js';
import { ask, connectionStates, expectEachAnsweredOnce } from './fault-harness.js';

const TOKEN_PATH = '/v1.0/oauth2/accessToken';

describe('faults on the way in: the Stream connection', () => {
  it('rides out a gateway failing with 5xx: backs off without a storm, then answers what came in meanwhile', async () => {
    const world = await startWorld();
    const outageMs = 3_000;
    const callsBefore = world.fake.gatewayCalls;
    world.fake.faults.add({ path: GATEWAY_PATH, status: 503, body: { code: 'ServiceUnavailable', message: 'busy' }, until: Date.now() + outageMs });
    world.fake.terminate();
    await until(() => world.service.channels()[0]?.connection.status === 'reconnecting', 'the channel to show it is reconnecting');
    ask(world, 'outage1');
    ask(world, 'outage2');
    await expectEachAnsweredOnce(world, ['outage1', 'outage2'], 10_000);

    // Backoff doubles from 50 ms to a 400 ms ceiling: about a dozen tries in 3 s; a storm would be hundreds.
    const calls = world.fake.gatewayCalls - callsBefore;
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(calls).toBeLessThanOrEqual(16);
    const times = world.fake.requests.filter((r) => r.path === GATEWAY_PATH).map((r) => r.at).slice(-calls);
    const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FAST_TIMING.backoffMinMs - 5);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(FAST_TIMING.backoffMaxMs * 1.5 + 100);

    const retries = connectionStates(world).filter((state) => state.status === 'reconnecting');
    expect(retries.at(-1)).toMatchObject({ reason: expect.stringContaining('server error (HTTP 503)'), attempt: expect.any(Number) });
    expect(retries.map((state) => (state.status === 'reconnecting' ? state.attempt : 0))).toEqual([...retries.keys()].map((i) => i + 1));
    expect(world.service.channels()[0]?.connection.status).toBe('connected');
  });

  it('answers while the token endpoint fails: replies wait for it through the Open API, and the log says they were retried', async () => {
    const world = await startWorld();
    ask(world, 'token1', { text: 'slow: 200\nsay: token1' });
    await until(() => world.events('agent.turn.started').length === 1, 'the turn to start');
    world.fake.expireWebhooks();
    world.fake.revokeTokens();
    world.fake.faults.add({ path: TOKEN_PATH, status: 500, body: { code: 'InternalError', message: 'token service down' }, times: 3 });
    await expectEachAnsweredOnce(world, ['token1']);
    expect(world.fake.outbox.map((sent) => sent.via)).toEqual(['batchSend']);
    const [sent] = world.events('reply.sent');
    expect(sent).toMatchObject({ path: 'openapi', attempts: expect.any(Number) });
    expect(world.fake.requests.filter((r) => r.path === TOKEN_PATH).length).toBeGreaterThan(1);
  });

  it('finishes a reply under way when DingTalk asks the socket to leave, and takes new messages on the next one', async () => {
    const world = await startWorld();
    ask(world, 'slow1', { text: 'slow: 300\nsay: slow1' });
    await until(() => world.events('agent.turn.started').length === 1, 'the turn to start');
    const [old] = world.fake.connections().filter((c) => c.state === 'live');
    world.fake.disconnect(old?.id);
    await until(() => world.fake.connections().some((c) => c.state === 'live' && c.id !== old?.id), 'a new connection');
    ask(world, 'after1');
    await expectEachAnsweredOnce(world, ['slow1', 'after1']);
    expect(connectionStates(world)).toContainEqual({
      status: 'connecting',
      attempt: 1,
      reason: expect.stringContaining('DingTalk asked to reconnect'),
      problem: { code: 'asked-to-reconnect', detail: expect.any(String) },
    });
  });

  it('answers once a message whose ACK was lost with a socket that died, though DingTalk delivers it again', async () => {
    const fake = await startFake({ redeliveryDelayMs: 300 });
    const world = await startWorld({}, { fake });
    fake.dropAcks = true;
    ask(world, 'lostack');
    await until(() => world.events('message.received').length === 1, 'the message');
    fake.terminate();
    fake.dropAcks = false;
    await until(() => world.events('message.skipped').length === 1, 'the second delivery', 5_000);
    await expectEachAnsweredOnce(world, ['lostack']);
    expect(world.events('message.skipped')[0]).toMatchObject({ reason: 'duplicate' });
    const [received] = world.events('message.received');
    expect(fake.deliveries.filter((d) => received?.kind === 'message.received' && d.msgId === received.msgId).length).toBeGreaterThanOrEqual(2);
  });

  it('replaces a zombie socket and answers the messages DingTalk held while it was silent', async () => {
    const world = await startWorld();
    const [zombie] = world.fake.connections().filter((c) => c.state === 'live');
    world.fake.zombify(zombie?.id);
    ask(world, 'zombie1');
    ask(world, 'zombie2');
    await expectEachAnsweredOnce(world, ['zombie1', 'zombie2']);
    expect(world.fake.connections().find((c) => c.id === zombie?.id)?.state).toBe('closed');
    expect(connectionStates(world)).toContainEqual({
      status: 'connecting',
      attempt: 1,
      reason: expect.stringMatching(/keep-alive pings|DingTalk sent nothing/),
      problem: expect.objectContaining({ code: expect.stringMatching(/^(no-pong|silent)$/) }),
    });
  });
});
