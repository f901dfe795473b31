import { describe, expect, it } from 'vitest';
import { connected, startBot, startFake, until } from './harness.js';
import type { DingTalkSimulator } from '../../../../electron/core/platform/simulator/dingtalk/index.js';
import { utf8Length } from '../../../../electron/core/platform/dingtalk/chunker.js';

async function receive(fake: DingTalkSimulator, push: Parameters<DingTalkSimulator['pushMessage']>[0], botOptions = {}) {
  const probe = await startBot(fake, botOptions);
  await connected(fake, probe);
  fake.pushMessage(push);
  const envelope = await until(() => probe.messages[0], 'the inbound message');
  return { probe, envelope };
}

const sendRequests = (fake: DingTalkSimulator, path: string) => fake.requests.filter((r) => r.path === path);

describe('replies against the fake DingTalk', () => {
  it('answers through the session webhook as markdown with a title from the first line', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'hi' });
    const report = await probe.bot.reply(envelope, '## Done\n\nAll **good**.');
    expect(report).toMatchObject({ ok: true, chunks: 1, delivered: 1, path: 'webhook' });
    expect(fake.outbox).toHaveLength(1);
    expect(fake.outbox[0]).toMatchObject({
      via: 'webhook',
      conversationId: envelope.conversation.id,
      msgtype: 'markdown',
      title: 'Done',
      text: '## Done\n\nAll **good**.',
    });
  });

  it('falls back to oToMessages/batchSend by staffId when a DM webhook has expired', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'hi', sender: { staffId: 'user42', nick: 'Li' } });
    fake.expireWebhooks();
    const report = await probe.bot.reply(envelope, 'late answer');
    expect(report).toMatchObject({ ok: true, path: 'openapi' });
    expect(report.attempts.map((a) => [a.path, a.ok])).toEqual([
      ['webhook', false],
      ['openapi', true],
    ]);
    expect(report.attempts[0]?.error).toMatch(/expired.*300001/);
    expect(fake.outbox).toEqual([expect.objectContaining({ via: 'batchSend', userIds: ['user42'], text: 'late answer' })]);
    const again = await probe.bot.reply(envelope, 'second late answer');
    expect(again.attempts.map((a) => a.path)).toEqual(['openapi']);
  });

  it('falls back to groupMessages/send in a group', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'hi', conversation: { type: 'group', id: 'cidGroup1' } });
    fake.expireWebhooks();
    const report = await probe.bot.reply(envelope, 'to the group');
    expect(report.path).toBe('openapi');
    expect(fake.outbox).toEqual([expect.objectContaining({ via: 'groupSend', conversationId: 'cidGroup1', text: 'to the group' })]);
  });

  it('does not try a webhook it knows has expired', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'hi' });
    const stale = { ...envelope, replyWebhook: { url: envelope.replyWebhook?.url ?? '', expiresAt: Date.now() - 1 } };
    const report = await probe.bot.reply(stale, 'answer');
    expect(report.attempts.map((a) => a.path)).toEqual(['openapi']);
    expect(sendRequests(fake, '/robot/sendBySession')).toHaveLength(0);
  });

  it('splits a long reply into ordered chunks that all arrive', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'long please' });
    const lines = Array.from({ length: 600 }, (_, i) => `${i}. 这是第${i}行，包含一些中文内容和 some English words.`);
    const report = await probe.bot.reply(envelope, lines.join('\n'));
    expect(report.ok).toBe(true);
    expect(report.chunks).toBeGreaterThan(5);
    expect(fake.outbox).toHaveLength(report.chunks);
    for (const sent of fake.outbox) {
      expect(sent.text.length).toBeLessThanOrEqual(3800);
      expect(utf8Length(JSON.stringify(sent.payload))).toBeLessThan(20_000);
    }
    expect(fake.outbox.map((m) => m.text).join('\n').split('\n')).toEqual(lines);
  });

  it('sends smaller chunks when DingTalk says the message is too long (460101)', async () => {
    const fake = await startFake({ maxWebhookBodyBytes: 3_000 });
    const { probe, envelope } = await receive(fake, { text: 'x' });
    const text = Array.from({ length: 120 }, (_, i) => `line ${i} ${'内容'.repeat(10)}`).join('\n');
    const report = await probe.bot.reply(envelope, text);
    expect(report.ok).toBe(true);
    expect(report.attempts.some((a) => !a.ok && /too large/.test(a.error ?? ''))).toBe(true);
    expect(fake.outbox.every((m) => m.via === 'webhook')).toBe(true);
    expect(fake.outbox.map((m) => m.text).join('\n')).toBe(text);
  });

  it('when DingTalk stops taking a long reply halfway, says so and hands back only the part it did not take', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'long please' }, { retryWaitMs: 5 });
    const lines = Array.from({ length: 300 }, (_, i) => `${i}. 这是第${i}行，包含一些中文内容和 some English words.`);
    fake.faults.add({ path: '/robot/sendBySession', status: 502, body: 'Bad Gateway', after: 2 });
    fake.faults.add({ path: '/v1.0/robot/oToMessages/batchSend', status: 503, body: { code: 'ServiceUnavailable', message: 'try later' } });
    const report = await probe.bot.reply(envelope, lines.join('\n'));
    expect(report).toMatchObject({ ok: false, delivered: 2, retryable: true });
    expect(report.chunks).toBeGreaterThan(3);
    fake.faults.clear();
    const rest = await probe.bot.reply(envelope, report.undelivered ?? '');
    expect(rest.ok).toBe(true);
    expect(fake.outbox.map((m) => m.text).join('\n').split('\n')).toEqual(lines);
  });

  it('calls a reply DingTalk refuses as malformed final: no later try would help', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' }, { retryWaitMs: 5 });
    const stale = { ...envelope, sender: { ...envelope.sender, staffId: undefined }, replyWebhook: { url: envelope.replyWebhook?.url ?? '', expiresAt: Date.now() - 1 } };
    const report = await probe.bot.reply(stale, 'nowhere to go');
    expect(report).toMatchObject({ ok: false, retryable: false, undelivered: 'nowhere to go' });
  });

  it('sends through the Open API at once when DingTalk rate-limits the webhook (660026), and keeps off the webhook while it is limited', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' }, { retryWaitMs: 60_000 });
    fake.faults.add({ path: '/robot/sendBySession', status: 200, body: { errcode: 660026, errmsg: 'sending too many messages per minute' }, times: 1 });
    const started = Date.now();
    const first = await probe.bot.reply(envelope, 'one');
    const second = await probe.bot.reply(envelope, 'two');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(first).toMatchObject({ ok: true, path: 'openapi', attempts: [expect.objectContaining({ path: 'webhook', ok: false }), expect.objectContaining({ path: 'openapi', ok: true })] });
    expect(second).toMatchObject({ ok: true, path: 'openapi', attempts: [expect.objectContaining({ path: 'openapi', ok: true })] });
    expect(sendRequests(fake, '/robot/sendBySession')).toHaveLength(1);
    expect(fake.outbox.map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('sends a burst at once, past the webhook’s 20 a minute: nothing waits on a limit DingTalk has not shown', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' });
    const started = Date.now();
    const reports = [];
    for (let i = 0; i < 25; i++) reports.push(await probe.bot.reply(envelope, `reply ${i}`));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(fake.outbox.map((m) => m.text)).toEqual(Array.from({ length: 25 }, (_, i) => `reply ${i}`));
    // The fake takes 20 a minute on a conversation's webhook, as DingTalk documents; the 21st was refused once.
    expect(sendRequests(fake, '/robot/sendBySession')).toHaveLength(21);
    expect(reports.slice(0, 20).every((r) => r.path === 'webhook')).toBe(true);
    expect(reports.slice(20).every((r) => r.path === 'openapi')).toBe(true);
  });

  it('waits only when DingTalk limits every path, and for as long as it said', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' }, { retryWaitMs: 200 });
    fake.faults.add({ path: '/robot/sendBySession', status: 200, body: { errcode: 660026, errmsg: 'sending too many messages per minute' }, times: 1 });
    fake.faults.add({ path: '/v1.0/robot/oToMessages/batchSend', status: 403, body: { requestid: 'r', code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超过限制' }, times: 1 });
    const started = Date.now();
    const waits: number[] = [];
    const report = await probe.bot.reply(envelope, 'patience', { waiting: (waitMs) => waits.push(waitMs) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(waits).toHaveLength(1);
    // What is left of the 200 ms rest once the Open API has refused too: less, the longer that took.
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(200);
    expect(report).toMatchObject({ ok: true, path: 'webhook' });
    expect(report.attempts.map((a) => [a.path, a.ok])).toEqual([
      ['webhook', false],
      ['openapi', false],
      ['webhook', true],
    ]);
  });

  it('sends the replies that piled up while DingTalk made the conversation wait as one message, each told why it waited', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' }, { retryWaitMs: 200 });
    fake.faults.add({ path: '/robot/sendBySession', status: 200, body: { errcode: 660026, errmsg: 'sending too many messages per minute' }, times: 1 });
    fake.faults.add({ path: '/v1.0/robot/oToMessages/batchSend', status: 403, body: { requestid: 'r', code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超过限制' }, times: 1 });
    const waits = new Map<string, number>();
    const rests = new Map<string, string[]>();
    const options = (name: string) => ({
      waiting: () => waits.set(name, (waits.get(name) ?? 0) + 1),
      progress: (rest: string) => rests.set(name, [...(rests.get(name) ?? []), rest]),
    });
    const later: Array<Promise<unknown>> = [];
    const first = probe.bot.reply(envelope, 'one', {
      ...options('one'),
      // The first reply is waiting: three more answers for the same conversation come in meanwhile.
      waiting: () => {
        waits.set('one', 1);
        for (const name of ['two', 'three', 'four']) later.push(probe.bot.reply(envelope, name, options(name)));
      },
    });
    const reports = [await first, ...(await Promise.all(later))];
    expect(reports).toEqual(Array.from({ length: 4 }, () => expect.objectContaining({ ok: true, chunks: 1, delivered: 1, path: 'webhook' })));
    expect(fake.outbox.map((m) => m.text)).toEqual(['one\n\n---\n\ntwo\n\n---\n\nthree\n\n---\n\nfour']);
    expect([...rests]).toEqual(['one', 'two', 'three', 'four'].map((name) => [name, ['']]));
    expect([...waits]).toEqual(['one', 'two', 'three', 'four'].map((name) => [name, 1]));
  });

  it('sends a conversation’s replies in the order they came, each as its own message while nothing waits', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' });
    // DingTalk is slow to take the first: sent side by side, the others would overtake it.
    fake.faults.add({ path: '/robot/sendBySession', delayMs: 300, times: 1 });
    const names = ['first', 'second', 'third', 'fourth', 'fifth'];
    const reports = await Promise.all(names.map((name) => probe.bot.reply(envelope, name)));
    expect(reports.every((report) => report.ok)).toBe(true);
    expect(fake.outbox.map((m) => m.text)).toEqual(names);
  });

  it('when DingTalk refuses a merged message, each reply in it fails with only its own words to send again', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' }, { retryWaitMs: 100 });
    fake.faults.add({ path: '/robot/sendBySession', status: 200, body: { errcode: 660026, errmsg: 'sending too many messages per minute' }, times: 1 });
    fake.faults.add({ path: '/v1.0/robot/oToMessages/batchSend', status: 403, body: { requestid: 'r', code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超过限制' }, times: 1 });
    let second: Promise<Awaited<ReturnType<typeof probe.bot.reply>>> | undefined;
    const first = probe.bot.reply(envelope, 'one', {
      waiting: () => {
        second = probe.bot.reply(envelope, 'two');
        fake.faults.add({ path: '/robot/sendBySession', status: 400, body: { errcode: 40035, errmsg: 'invalid parameter' }, times: 1 });
        fake.faults.add({ path: '/v1.0/robot/oToMessages/batchSend', status: 400, body: { code: 'InvalidParameter', message: 'bad' }, times: 1 });
      },
    });
    expect(await first).toMatchObject({ ok: false, retryable: false, delivered: 0, undelivered: 'one' });
    expect(await second).toMatchObject({ ok: false, retryable: false, delivered: 0, undelivered: 'two' });
    expect(fake.outbox).toEqual([]);
  });

  it('retries the Open API with backoff when it hits the QPS limit', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' }, { retryWaitMs: 20 });
    fake.expireWebhooks();
    fake.faults.add({
      path: '/v1.0/robot/oToMessages/batchSend',
      status: 403,
      body: { requestid: 'r', code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超过限制' },
      times: 2,
    });
    const report = await probe.bot.reply(envelope, 'eventually');
    expect(report.ok).toBe(true);
    expect(sendRequests(fake, '/v1.0/robot/oToMessages/batchSend')).toHaveLength(3);
  });

  it('renews a refused token once and sends', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' });
    fake.expireWebhooks();
    expect((await probe.bot.reply(envelope, 'one')).ok).toBe(true);
    fake.revokeTokens();
    expect((await probe.bot.reply(envelope, 'two')).ok).toBe(true);
    expect(sendRequests(fake, '/v1.0/oauth2/accessToken')).toHaveLength(2);
    expect(fake.outbox.map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('reports a missing permission in words the user can act on', async () => {
    const fake = await startFake({ apps: [{ clientId: 'dingnoperm', clientSecret: 's', permissions: [] }] });
    const { probe, envelope } = await receive(fake, { text: 'x' });
    fake.expireWebhooks();
    const report = await probe.bot.reply(envelope, 'cannot');
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/lacks the permission qyapi_robot_sendmsg.*Permissions/);
    // And as a code, for the window to say it in the user's language.
    expect(report.problem).toMatchObject({ code: 'permission', permission: 'qyapi_robot_sendmsg' });
  });

  it('says why a DM without a staffId cannot be answered once its webhook is gone', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x', extra: { senderStaffId: undefined } });
    fake.expireWebhooks();
    const report = await probe.bot.reply(envelope, 'lost');
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/no staffId/);
  });

  it('sends a message of its own to a group through the Open API', async () => {
    const fake = await startFake();
    const probe = await startBot(fake);
    await connected(fake, probe);
    const report = await probe.bot.send({ conversationId: 'cidTeam', conversationType: 'group' }, 'Test message from Dingbridge');
    expect(report).toMatchObject({ ok: true, path: 'openapi' });
    expect(fake.outbox).toEqual([expect.objectContaining({ via: 'groupSend', conversationId: 'cidTeam', title: 'Test message from Dingbridge' })]);
  });

  it('turns tables into readable lines before sending', async () => {
    const fake = await startFake();
    const { probe, envelope } = await receive(fake, { text: 'x' });
    await probe.bot.reply(envelope, '| a | b |\n|---|---|\n| 1 | 2 |');
    expect(fake.outbox[0]?.text).toBe('- a: 1 · b: 2');
  });
});
