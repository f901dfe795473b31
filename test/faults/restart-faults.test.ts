import { describe, expect, it } from 'vitest';
import { until } from '../core/platform/dingtalk/harness.js';
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
