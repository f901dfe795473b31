import { describe, expect, it } from 'vitest';
import { heldAnswer, until } from '../core/platform/dingtalk/harness.js';
import { startWorld } from '../core/channel/service-harness.js';
import { ask, expectEachAnsweredOnce } from './fault-harness.js';

describe('the app restarting with work in hand', () => {
  it('keeps a pairing request, and answers the message that asked once the person is approved after the restart', async () => {
    const world = await startWorld({ senderPolicy: 'pairing' });
    ask(world, 'pairme');
    await until(() => world.service.channel('team').pairingRequests().length === 1, 'the pairing request');
    const again = await world.restart();
    const [request] = again.service.channel('team').pairingRequests();
    expect(request).toMatchObject({ staffId: 'staff-pairme' });
    await again.service.channel('team').approvePairing(request?.code ?? '');
    await expectEachAnsweredOnce(again, ['pairme']);
    const texts = again.fake.outbox.filter((sent) => sent.conversationId === 'cidFaultpairme==').map((sent) => sent.text);
    expect(texts).toHaveLength(3);
    expect(texts[1]).toMatch(/You can now use this bot/);
  });

  it('answers after a restart a message whose sender was approved while DingTalk held back their pairing code', async () => {
    const world = await startWorld({ senderPolicy: 'pairing', permissions: 'ask' });
    const { answerAfter, release } = heldAnswer();
    // The code is refused for rate on both paths, the second refusal slow to come: the approval's notice queues behind it.
    world.fake.faults.add({ path: '/robot/sendBySession', body: { errcode: 660026, errmsg: 'sending too many messages per minute' }, times: 1 });
    world.fake.faults.add({ path: '/v1.0/robot/oToMessages/batchSend', status: 403, body: { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超过限制' }, answerAfter, times: 1 });
    ask(world, 'held', { text: 'ask: deploy\nsay: held' });
    await until(() => world.fake.requests.some((request) => request.path === '/v1.0/robot/oToMessages/batchSend'), 'the code to be refused on both paths');
    const [request] = world.service.channel('team').pairingRequests();
    const approving = world.service.channel('team').approvePairing(request?.code ?? '');
    await until(() => world.events('pairing.approved').length === 1, 'the approval');
    release();
    await approving;
    await until(() => world.service.pendingPermissions().length === 1, 'the turn to be working');
    // The two went out together once the wait was over, and came back together: both answers, in one tick.
    expect(world.outboxText().filter((text) => text.includes(request?.code ?? '?') && text.includes('You can now use this bot'))).toHaveLength(1);
    const again = await world.restart();
    await until(() => again.service.pendingPermissions().length === 1, 'the permission asked again');
    expect(again.service.channel('team').answerPermission(again.service.pendingPermissions()[0]?.id ?? '', 'allow_once')).toBe(true);
    await expectEachAnsweredOnce(again, ['held']);
    expect(again.outboxText().filter((text) => text.includes('held'))).toEqual(['permission: allow held']);
  });

  it('asks again for a permission that was waiting when the app stopped, and answers once it is given', async () => {
    const world = await startWorld({ permissions: 'ask' });
    ask(world, 'perm', { text: 'ask: rm -rf build\nsay: perm' });
    await until(() => world.service.pendingPermissions().length === 1, 'the permission request');
    const again = await world.restart();
    await until(() => again.service.pendingPermissions().length === 1, 'the permission asked again');
    const [pending] = again.service.pendingPermissions();
    expect(pending).toMatchObject({ title: 'rm -rf build' });
    expect(again.service.channel('team').answerPermission(pending?.id ?? '', 'allow_once')).toBe(true);
    await expectEachAnsweredOnce(again, ['perm']);
    expect(again.outboxText()).toEqual(['permission: allow perm']);
    expect(again.events('message.received').at(-1)).toMatchObject({ resumed: true });
  });

  it('answers every message that was queued or being worked on when the app stopped, each once', async () => {
    const world = await startWorld({ sessionScope: 'single', dispatchMode: 'followup' });
    ask(world, 'working', { text: 'slow: 1000\nsay: working' });
    ask(world, 'queued1');
    ask(world, 'queued2');
    await until(() => world.events('agent.turn.started').length === 1 && world.events('access.decision').length === 3, 'one turn running, two waiting');
    const again = await world.restart();
    await expectEachAnsweredOnce(again, ['working', 'queued1', 'queued2'], 15_000);
    expect(again.events('message.received').filter((e) => e.kind === 'message.received' && e.resumed)).toHaveLength(3);
    const before = world.fake.outbox.length;
    const third = await again.restart();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(third.fake.outbox).toHaveLength(before);
  });
});
