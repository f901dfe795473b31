import { describe, expect, it } from 'vitest';
import { startFake, until } from '../core/platform/dingtalk/harness.js';
import { startWorld } from '../core/channel/service-harness.js';
import { ask, expectEachAnsweredOnce } from './fault-harness.js';

const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
const WEBHOOK = '/robot/sendBySession';

describe('faults on the way out: replies', () => {
  it('answers a redelivered message once, even across a restart', async () => {
    const world = await startWorld();
    const pushed = ask(world, 'once');
    await expectEachAnsweredOnce(world, ['once']);
    world.fake.redeliver(pushed.messageId);
    await until(() => world.events('message.skipped').length === 1, 'the duplicate');
    const again = await world.restart();
    world.fake.redeliver(pushed.messageId);
    await until(() => again.events('message.skipped').length >= 2, 'the duplicate after the restart');
    await expectEachAnsweredOnce(again, ['once']);
    expect(again.events('message.skipped').at(-1)).toMatchObject({ reason: 'duplicate', detail: 'DingTalk delivered this message again' });
  });

  it('sends through the Open API when the reply webhook has expired (300001)', async () => {
    const world = await startWorld();
    ask(world, 'expired', { text: 'slow: 100\nsay: expired' });
    await until(() => world.events('agent.turn.started').length === 1, 'the turn to start');
    world.fake.expireWebhooks();
    await expectEachAnsweredOnce(world, ['expired']);
    expect(world.fake.outbox.map((sent) => sent.via)).toEqual(['batchSend']);
    expect(world.fake.requests.filter((r) => r.path === WEBHOOK)).toHaveLength(1);
    expect(world.events('reply.sent')[0]).toMatchObject({ path: 'openapi', attempts: 2 });
  });

  it('waits and tries again when the Open API is rate-limited (403 QPS), a little longer each time', async () => {
    const world = await startWorld();
    ask(world, 'qps', { text: 'slow: 100\nsay: qps' });
    await until(() => world.events('agent.turn.started').length === 1, 'the turn to start');
    world.fake.expireWebhooks();
    world.fake.faults.add({
      path: BATCH_SEND,
      status: 403,
      body: { requestid: 'r', code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超过限制' },
      times: 3,
    });
    await expectEachAnsweredOnce(world, ['qps']);
    const times = world.fake.requests.filter((r) => r.path === BATCH_SEND).map((r) => r.at);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at));
    expect(gaps[2] ?? 0).toBeGreaterThan(gaps[0] ?? 0);
    expect(world.events('reply.sent')[0]).toMatchObject({ path: 'openapi', attempts: 5 });
    // The log says each wait, and for how long, on the message's answer.
    const waits = world.events('reply.waiting');
    expect(waits).toHaveLength(3);
    const [question] = world.events('message.received');
    expect(waits[0]).toMatchObject({ conversationId: 'cidFaultqps==', replyKind: 'answer', msgId: question?.kind === 'message.received' ? question.msgId : 'none' });
    const waited = waits.map((event) => (event.kind === 'reply.waiting' ? event.waitMs : 0));
    expect(waited[0]).toBeGreaterThan(0);
    expect(waited[2]).toBeGreaterThan(waited[0] ?? 0);
  });

  it('splits a reply DingTalk finds too large (460101) into smaller ones that all arrive, once, in order', async () => {
    const fake = await startFake({ maxWebhookBodyBytes: 3_000 });
    const world = await startWorld({}, { fake });
    const lines = Array.from({ length: 120 }, (_, i) => `big-${i} ${'内容'.repeat(10)}`);
    fake.pushMessage({ text: ['echo', ...lines].join('\n') });
    await until(() => world.events('reply.sent').length === 1, 'the whole reply', 10_000);
    const arrived = fake.outbox.map((sent) => sent.text).join('\n').split('\n');
    expect(arrived).toEqual(['echo', ...lines]);
    expect(fake.outbox.length).toBeGreaterThan(2);
    expect(fake.outbox.every((sent) => sent.via === 'webhook')).toBe(true);
  });

  it('keeps trying while DingTalk cannot take replies at all, and delivers once it can', async () => {
    const world = await startWorld();
    ask(world, 'down', { text: 'slow: 100\nsay: down' });
    await until(() => world.events('agent.turn.started').length === 1, 'the turn to start');
    world.fake.faults.add({ path: WEBHOOK, status: 502, body: 'Bad Gateway', times: 3 });
    world.fake.faults.add({ path: BATCH_SEND, status: 503, body: { code: 'ServiceUnavailable', message: 'try later' }, times: 3 });
    await expectEachAnsweredOnce(world, ['down']);
    // Three rounds of webhook then Open API fail; the fourth round's webhook takes it.
    expect(world.events('reply.sent')[0]).toMatchObject({ path: 'webhook', attempts: 7 });
    expect(world.events('reply.failed')).toHaveLength(0);
  });

  it('holds a reply DingTalk cannot take for longer than the retries, keeps it across a restart, and sends it once DingTalk can', async () => {
    const tuning = { heldReplies: { retryMs: 150 } };
    const world = await startWorld({}, { tuning });
    world.fake.faults.add({ path: WEBHOOK, status: 502, body: 'Bad Gateway' });
    world.fake.faults.add({ path: BATCH_SEND, status: 503, body: { code: 'ServiceUnavailable', message: 'try later' } });
    ask(world, 'outage');
    const held = await until(() => world.events('reply.held')[0], 'the reply to be held', 10_000);
    expect(held).toMatchObject({ conversationId: 'cidFaultoutage==', replyKind: 'answer' });
    expect(held.kind === 'reply.held' && held.error).toMatch(/503|try later|server error/i);
    expect(world.fake.outbox).toHaveLength(0);

    const again = await world.restart();
    const triedAfterRestart = world.fake.requests.length;
    await until(() => world.fake.requests.length > triedAfterRestart, 'a try after the restart');
    expect(world.fake.outbox).toHaveLength(0);
    expect(again.service.channels()[0]?.heldReplies).toBe(1);
    world.fake.faults.clear();
    await expectEachAnsweredOnce(again, ['outage']);
    expect(again.service.channels()[0]?.heldReplies).toBeUndefined();
    const sent = again.events('reply.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ conversationId: 'cidFaultoutage==', replyKind: 'answer' });
    expect(sent[0]?.kind === 'reply.sent' && sent[0].heldForMs).toBeGreaterThan(0);
    expect(again.events('reply.failed')).toHaveLength(0);
    expect(again.events('agent.turn.started')).toHaveLength(1);
  });

  it('gives a held reply up after the longest hold, and says so in the log', async () => {
    const world = await startWorld({}, { tuning: { heldReplies: { retryMs: 100, maxHoldMs: 300 } } });
    world.fake.faults.add({ path: WEBHOOK, status: 502, body: 'Bad Gateway' });
    world.fake.faults.add({ path: BATCH_SEND, status: 503, body: { code: 'ServiceUnavailable', message: 'try later' } });
    ask(world, 'lost');
    const failed = await until(() => world.events('reply.failed')[0], 'the reply to be given up', 15_000);
    expect(failed.kind === 'reply.failed' && failed.error).toMatch(/did not take this reply for 1 second, so it was given up/);
    expect(world.events('reply.held')).toHaveLength(1);
    world.fake.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(world.fake.outbox).toHaveLength(0);
  });
});
