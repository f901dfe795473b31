import { describe, expect, it, vi } from 'vitest';
import { DWClient } from 'dingtalk-stream';
import { connected, liveConnections, startBot, startFake, tempDir, until, FAST_TIMING } from './harness.js';
import { StreamClient } from '../../../../electron/core/platform/dingtalk/stream-client.js';
import { AccessTokenCache } from '../../../../electron/core/platform/dingtalk/token-cache.js';
import { EndpointsSchema } from '../../../../electron/core/platform/dingtalk/endpoints.js';
import { ProxyRules } from '../../../../electron/core/platform/dingtalk/proxy-rules.js';

describe('the Stream connection with the real SDK against the fake DingTalk', () => {
  it('connects, reports its states, and receives a message as an envelope', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    expect(probe.states.map((s) => s.status)).toEqual(['connecting', 'connected']);

    const pushed = fake.pushMessage({ text: '你好' });
    await until(() => probe.messages.length === 1, 'the message');
    expect(probe.messages[0]).toMatchObject({ msgId: pushed.msgId, text: '你好', conversation: { type: 'dm' } });
  });

  it('ACKs every message at once', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    for (let i = 0; i < 20; i++) fake.pushMessage({ text: `m${i}` });
    await until(() => fake.acks.length === 20, '20 ACKs');
    expect(fake.acks.every((ack) => ack.code === 200)).toBe(true);
    expect(Math.max(...fake.acks.map((ack) => ack.latencyMs))).toBeLessThan(500);
    expect(probe.messages).toHaveLength(20);
  });

  it('answers a redelivered message once', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    const pushed = fake.pushMessage({ text: 'once' });
    await until(() => probe.messages.length === 1, 'the message');
    fake.redeliver(pushed.messageId);
    await until(() => probe.skipped.length === 1, 'the duplicate to be skipped');
    expect(probe.skipped[0]).toMatchObject({ reason: 'duplicate', msgId: pushed.msgId });
    expect(probe.messages).toHaveLength(1);
  });

  it('answers a message redelivered because its ACK was lost once', async () => {
    const fake = await startFake({ redeliveryDelayMs: 150 });
    fake.dropAcks = true;
    const probe = await startBot(fake);
    await connected(fake, probe);
    fake.pushMessage({ text: 'lost ack' });
    await until(() => probe.skipped.filter((s) => s.reason === 'duplicate').length >= 2, 'two redeliveries skipped');
    expect(fake.deliveries.length).toBeGreaterThanOrEqual(3);
    expect(probe.messages).toHaveLength(1);
  });

  it('remembers handled messages across a restart', async () => {
    const fake = await startFake();
    const dataDir = await tempDir();
    const first = await startBot(fake, { dataDir });
    await connected(fake, first);
    const pushed = fake.pushMessage({ text: 'before restart' });
    await until(() => first.messages.length === 1, 'the message');
    await first.bot.stop();

    const second = await startBot(fake, { dataDir });
    await connected(fake, second);
    fake.redeliver(pushed.messageId);
    await until(() => second.skipped.length === 1, 'the redelivery to be skipped');
    expect(second.messages).toHaveLength(0);
  });

  it('opens a fresh connection at once when DingTalk sends disconnect, within 2 s, losing nothing', async () => {
    const fake = await startFake({ disconnectGraceMs: 10_000 });
    const probe = await startBot(fake, { timing: { ...FAST_TIMING, healthIntervalMs: 10_000 } });
    await connected(fake, probe);
    const [old] = liveConnections(fake);
    const asked = Date.now();
    fake.disconnect(old?.id);
    await until(() => fake.connections().some((c) => c.id !== old?.id && c.state === 'live'), 'a new live connection');
    const reconnectMs = Date.now() - asked;
    expect(reconnectMs).toBeLessThan(2_000);
    await until(() => fake.connections().find((c) => c.id === old?.id)?.state === 'closed', 'the old connection to be closed by the client');
    fake.pushMessage({ text: 'after disconnect' });
    await until(() => probe.messages.length === 1, 'the message');
    expect(probe.bot.state.status).toBe('connected');
  });

  it('still replaces a connection DingTalk asks to leave the moment it opens', async () => {
    const fake = await startFake({ disconnectGraceMs: 60_000 });
    let rounds = 0;
    // Sent in the same tick the socket is accepted, so it can arrive before the client has adopted the socket.
    fake.on('change', (kind: string, id: unknown) => {
      const conn = fake.connections().find((c) => c.id === id);
      if (kind === 'connections' && conn?.state === 'live' && rounds < 5) {
        rounds += 1;
        fake.disconnect(conn.id);
      }
    });
    const probe = await startBot(fake, { timing: { ...FAST_TIMING, healthIntervalMs: 60_000 } });
    await until(() => rounds === 5 && liveConnections(fake).filter((c) => c.state === 'live').length === 1, 'the sixth connection', 3_000);
    await connected(fake, probe, 1);
    expect(fake.gatewayCalls).toBe(6);
  });

  it('reconnects after an abrupt close', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    fake.terminate();
    await until(() => fake.gatewayCalls === 2 && probe.bot.state.status === 'connected' && liveConnections(fake).length === 1, 'a reconnect');
    fake.pushMessage({ text: 'back' });
    await until(() => probe.messages.length === 1, 'the message');
  });

  it('replaces a zombie socket that no longer answers pings', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    const [zombie] = liveConnections(fake);
    fake.zombify(zombie?.id);
    await until(() => fake.connections().some((c) => c.id !== zombie?.id && c.state === 'live'), 'a replacement connection');
    await until(() => fake.connections().find((c) => c.id === zombie?.id)?.state === 'closed', 'the zombie to be closed');
    fake.pushMessage({ text: 'after zombie' });
    await until(() => probe.messages.length === 1, 'the message');
  });

  it('replaces a zombie that still answers pings once DingTalk has stopped its SYSTEM pings', async () => {
    const fake = await startFake({ pingIntervalMs: 100 });
    const probe = await startBot(fake);
    await connected(fake, probe);
    await until(() => fake.pings.some((ping) => ping.echoOk), 'a ping echoed');
    const [zombie] = liveConnections(fake);
    fake.zombify(zombie?.id, { answerPings: true });
    await until(() => fake.connections().some((c) => c.id !== zombie?.id && c.state === 'live'), 'a replacement connection', 6_000);
  });

  it('replaces a socket that goes silent before DingTalk’s first SYSTEM ping, though it answers WebSocket pings', async () => {
    // Without SYSTEM pings every connection goes silent in turn; a message caught on one being replaced comes again
    // soon, as DingTalk redelivers what was not ACKed.
    const fake = await startFake({ pingIntervalMs: 0, redeliveryDelayMs: 500 });
    const probe = await startBot(fake);
    await connected(fake, probe);
    const [silent] = liveConnections(fake);
    await until(() => fake.connections().some((c) => c.id !== silent?.id && c.state === 'live'), 'a replacement connection', 6_000);
    await until(() => fake.connections().find((c) => c.id === silent?.id)?.state === 'closed', 'the silent socket to be closed');
    expect(probe.states).toContainEqual(expect.objectContaining({ problem: expect.objectContaining({ code: 'silent' }) }));
    fake.pushMessage({ text: 'after the silence' });
    await until(() => probe.messages.length === 1, 'the message');
  });

  it('keeps a quiet but healthy connection: no messages, only DingTalk’s SYSTEM pings, for longer than the silence limit', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    await new Promise((resolve) => setTimeout(resolve, FAST_TIMING.serverSilenceMs * 2));
    expect(fake.gatewayCalls).toBe(1);
    expect(liveConnections(fake)).toHaveLength(1);
  });

  it('replaces a stale connection the moment the system says it woke, long before any check would notice', async () => {
    // Checks a minute apart: only the word that the machine woke can replace the socket within the test.
    const slowChecks = { ...FAST_TIMING, healthIntervalMs: 60_000, serverSilenceMs: 120_000 };
    const fake = await startFake();
    const probe = await startBot(fake, { timing: slowChecks });
    await connected(fake, probe);
    // Open on our side, gone on DingTalk's: what a socket from before a sleep often is.
    const [stale] = liveConnections(fake);
    fake.zombify(stale?.id);
    const wokeAt = Date.now();
    probe.bot.woke();
    await until(() => fake.connections().some((c) => c.id !== stale?.id && c.state === 'live'), 'a replacement connection', 1_000);
    expect(Date.now() - wokeAt).toBeLessThan(1_000);
    expect(probe.states).toContainEqual(expect.objectContaining({ status: 'connecting', problem: { code: 'resumed' } }));
    await until(() => fake.connections().find((c) => c.id === stale?.id)?.state === 'closed', 'the stale socket to be closed');
    fake.pushMessage({ text: 'after the sleep' });
    await until(() => probe.messages.length === 1, 'the message');
  });

  it('tries at once when the system says it woke while waiting out a backoff', async () => {
    const fake = await startFake();
    fake.faults.add({ path: '/v1.0/gateway/connections/open', status: 503, times: 1 });
    const probe = await startBot(fake, { timing: { ...FAST_TIMING, backoffMinMs: 60_000, backoffMaxMs: 60_000 } });
    await until(() => probe.bot.state.status === 'reconnecting', 'a wait before the next try');
    probe.bot.woke();
    await connected(fake, probe);
    expect(fake.gatewayCalls).toBe(2);
  });

  it('gives up a connection attempt in flight when the system says it woke, and starts a fresh one at once', async () => {
    const fake = await startFake();
    // A ticket request that hangs, and a connect timeout longer than the test: only the word that the machine woke ends it.
    fake.faults.add({ path: '/v1.0/gateway/connections/open', delayMs: 60_000, times: 1 });
    const probe = await startBot(fake, { timing: { ...FAST_TIMING, connectTimeoutMs: 60_000 } });
    await until(() => fake.gatewayCalls === 1, 'the first connection attempt');
    const wokeAt = Date.now();
    probe.bot.woke();
    await connected(fake, probe);
    expect(Date.now() - wokeAt).toBeLessThan(1_000);
    expect(fake.gatewayCalls).toBe(2);
    expect(fake.connections()).toHaveLength(1);
    // Straight to the fresh try, counted as the first: no wait, as after a failure.
    expect(probe.states).toEqual([
      expect.objectContaining({ status: 'connecting', attempt: 1 }),
      expect.objectContaining({ status: 'connecting', attempt: 1, problem: { code: 'resumed' } }),
      expect.objectContaining({ status: 'connected' }),
    ]);
  });

  it('does nothing when told the system woke while stopped', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    await probe.bot.stop();
    probe.bot.woke();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.gatewayCalls).toBe(1);
    expect(probe.bot.state.status).toBe('stopped');
  });

  it('reconnects when the clock jumps, as after sleep', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    const realNow = Date.now.bind(Date);
    const jump = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 10 * 60_000);
    try {
      await until(() => fake.gatewayCalls === 2, 'a reconnect after the jump');
    } finally {
      jump.mockRestore();
    }
    await until(() => probe.bot.state.status === 'connected' && liveConnections(fake).length === 1, 'the bot to be connected again');
  });

  it('fails with DingTalk’s words on bad credentials, and does not retry', async () => {
    const fake = await startFake();
    const probe = await startBot(fake, {
      credentials: { clientId: fake.app.clientId, clientSecret: 'wrong', robotCode: fake.app.clientId },
    });
    await until(() => probe.bot.state.status === 'failed', 'the failed state');
    const state = probe.bot.state;
    expect(state).toMatchObject({ status: 'failed', code: 'authFailed' });
    expect(state.status === 'failed' && state.reason).toMatch(/rejected the AppKey\/AppSecret.*鉴权失败/);
    expect(state.status === 'failed' && state.problem).toMatchObject({ code: 'auth', dingtalkCode: 'authFailed', dingtalkMessage: expect.stringContaining('鉴权失败') });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.gatewayCalls).toBe(1);
  });

  it('backs off while the gateway fails, then connects', async () => {
    const fake = await startFake();
    fake.faults.add({ path: '/v1.0/gateway/connections/open', status: 503, times: 3 });
    const probe = await startBot(fake);
    await connected(fake, probe);
    expect(fake.gatewayCalls).toBe(4);
    const reconnecting = probe.states.filter((s) => s.status === 'reconnecting');
    expect(reconnecting).toHaveLength(3);
    expect(reconnecting[0]).toMatchObject({ reason: expect.stringMatching(/server error \(HTTP 503\)/), problem: { code: 'server', status: 503 } });
    const gaps = fake.requests
      .filter((r) => r.path === '/v1.0/gateway/connections/open')
      .map((r, i, all) => (i ? r.at - (all[i - 1]?.at ?? 0) : 0))
      .slice(1);
    expect(gaps.every((gap) => gap >= FAST_TIMING.backoffMinMs - 5)).toBe(true);
    expect(gaps[2] ?? 0).toBeGreaterThan(gaps[0] ?? 0);
  });

  it('gives up on a connection attempt that hangs and tries again', async () => {
    const fake = await startFake();
    fake.faults.add({ path: '/v1.0/gateway/connections/open', delayMs: 1_000, times: 1 });
    const probe = await startBot(fake, { timing: { ...FAST_TIMING, connectTimeoutMs: 300 } });
    await connected(fake, probe);
    expect(probe.states.find((s) => s.status === 'reconnecting')).toMatchObject({
      reason: expect.stringMatching(/did not complete the connection within/),
      problem: { code: 'connect-timeout', seconds: 0 },
    });
  });

  it('logs and ACKs malformed frames and keeps going', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    fake.pushRawFrame('this is not json');
    fake.pushRawFrame(JSON.stringify({ type: 'CALLBACK', headers: { messageId: 'bad-1' } }));
    fake.pushRawFrame(
      JSON.stringify({ type: 'CALLBACK', headers: { messageId: 'bad-2', topic: '/v1.0/im/bot/messages/get' }, data: '{broken' }),
    );
    fake.pushRawFrame(JSON.stringify({ type: 'MYSTERY', headers: { messageId: 'bad-3', topic: 'x' }, data: '{}' }));
    fake.pushMessage({ text: 'still here' });
    await until(() => probe.messages.length === 1, 'the good message');
    expect(probe.skipped.map((s) => s.reason)).toEqual(['malformed', 'malformed', 'malformed', 'malformed']);
    // The ACKs were written before the message was handed on, but may still be on their way to the fake.
    const acked = () => fake.clientFrames.map((frame) => frame.raw).join('\n');
    await until(() => ['bad-1', 'bad-2', 'bad-3'].every((id) => acked().includes(id)), 'the ACKs of the malformed frames');
    expect(fake.gatewayCalls).toBe(1);
  });

  it('stops cleanly: the socket closed, no reconnect afterwards', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    await probe.bot.stop();
    expect(probe.bot.state).toEqual({ status: 'stopped' });
    await until(() => liveConnections(fake).length === 0, 'no open connection');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.gatewayCalls).toBe(1);
  });

  it('leaks no timer or socket across reconnects', async () => {
    // The server keeps disconnected and zombie sockets open: only the client can close them.
    const fake = await startFake({ disconnectGraceMs: 60_000 });
    const probe = await startBot(fake);
    await connected(fake, probe);
    const count = () => {
      const resources = process.getActiveResourcesInfo();
      return { timers: resources.filter((r) => r === 'Timeout').length, sockets: resources.filter((r) => r === 'TCPSocketWrap').length };
    };
    const settle = () => until(() => probe.bot.state.status === 'connected' && liveConnections(fake).length === 1, 'one settled connection');
    fake.disconnect();
    await until(() => fake.gatewayCalls === 2, 'the first reconnect');
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = count();
    for (let cycle = 0; cycle < 10; cycle++) {
      if (cycle % 3 === 0) fake.terminate();
      else if (cycle % 3 === 1) fake.disconnect();
      else fake.zombify();
      await until(() => fake.gatewayCalls === 3 + cycle, `reconnect ${cycle + 1}`);
      await settle();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = count();
    expect(after.sockets).toBeLessThanOrEqual(before.sockets);
    expect(after.timers).toBeLessThanOrEqual(before.timers + 1);
    expect(probe.messages).toHaveLength(0);
  });

  it('gives each client its own subscriptions, unlike the SDK default', async () => {
    const fake = await startFake();
    const endpoints = EndpointsSchema.parse(fake.endpoints);
    const make = () =>
      new StreamClient({
        credentials: fake.app,
        endpoints,
        tokens: new AccessTokenCache(fake.app, endpoints),
        proxy: ProxyRules.of(''),
        hooks: { robotFrame() {}, cardFrame() {}, anyFrame() {}, serverDisconnect() {}, pong() {}, closed() {}, malformedFrame() {} },
      });
    const a = make();
    const b = make();
    expect(a.config.subscriptions).not.toBe(b.config.subscriptions);
    expect(a.config.autoReconnect).toBe(false);
    const plain = new DWClient({ clientId: 'x', clientSecret: 'y' });
    expect(plain.config.subscriptions).toHaveLength(1);
  });
});
