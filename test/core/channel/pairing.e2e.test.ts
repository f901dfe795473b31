import { describe, expect, it } from 'vitest';
import { startWorld } from './service-harness.js';
import { until } from '../platform/dingtalk/harness.js';
import { PAIRING_ALPHABET } from '../../../electron/core/access/pairing-code.js';
import { MAX_PENDING } from '../../../electron/core/access/pairing-limits.js';

const stranger = (staffId: string, nick = staffId) => ({ sender: { staffId, nick } });

describe('pairing, from the first message to the answer', () => {
  it('sends a code in DM, waits for local approval, tells the person and answers the first message', async () => {
    const world = await startWorld({ senderPolicy: 'pairing' });
    const channel = world.service.channel('team');
    world.fake.pushMessage({ text: 'say: the first question', ...stranger('newbie', '小李') });
    await until(() => world.outboxText().length === 1, 'the code');
    const [request] = channel.pairingRequests();
    expect(request).toMatchObject({ staffId: 'newbie', nick: '小李', conversationType: 'dm' });
    expect(request?.code).toMatch(new RegExp(`^[${PAIRING_ALPHABET}]{8}$`));
    expect(world.outboxText()[0]).toContain(`**${request?.code}**`);
    expect(world.events('pairing.requested')[0]).toMatchObject({ staffId: 'newbie', code: request?.code });

    world.fake.pushMessage({ text: 'say: are you there?', ...stranger('newbie', '小李') });
    await until(() => world.events('access.decision').length === 2, 'the second decision');
    expect(world.outboxText()).toHaveLength(1);
    expect(channel.pairingRequests()).toHaveLength(1);

    await channel.approvePairing(request?.code.toLowerCase() ?? '');
    await until(() => world.outboxText().includes('the first question'), 'the answer to the first message');
    expect(world.outboxText()[1]).toMatch(/你已获准使用此机器人/);
    expect(channel.approvedUsers()).toEqual([expect.objectContaining({ staffId: 'newbie', nick: '小李', via: 'pairing', approvedAt: expect.any(Number) })]);
    expect(world.events('pairing.approved')).toHaveLength(1);

    world.fake.pushMessage({ text: 'say: now I am in', ...stranger('newbie') });
    await until(() => world.outboxText().includes('now I am in'), 'a normal answer');
  });

  it("speaks the channel's chat language: English only, from the pairing code to the agent's own words", async () => {
    const world = await startWorld({ senderPolicy: 'pairing', chatLanguage: 'en' });
    const channel = world.service.channel('team');
    world.fake.pushMessage({ text: 'say: hello', ...stranger('newbie', 'Ada') });
    await until(() => world.outboxText().length === 1, 'the code');
    expect(world.outboxText()[0]).toMatch(/^👋 Ada, this bot needs its operator's approval first\. Your pairing code is \*\*\w{8}\*\*/);
    await channel.approvePairing(channel.pairingRequests()[0]?.code ?? '');
    await until(() => world.outboxText().includes('hello'), 'the answer');
    world.fake.pushMessage({ text: '/clear', ...stranger('newbie', 'Ada') });
    await until(() => world.outboxText().length === 4, 'the answer to /clear');
    expect(world.outboxText()[1]).toBe('✅ You can now use this bot.');
    expect(world.outboxText()[3]).toBe('Session cleared. Your next message will start a fresh conversation.');
    expect(world.outboxText().join('\n')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('in a group, the request appears in the app but nothing is said in the chat', async () => {
    const world = await startWorld({ senderPolicy: 'pairing', groupPolicy: 'open' });
    world.fake.pushMessage({ text: 'say: hi', conversation: { type: 'group', id: 'cidG' }, ...stranger('grouper') });
    await until(() => world.service.channel('team').pairingRequests().length === 1, 'the request');
    await until(() => world.events('access.decision').length === 1, 'the decision');
    expect(world.fake.outbox).toEqual([]);
    const [request] = world.service.channel('team').pairingRequests();
    await world.service.channel('team').approvePairing(request?.code ?? '');
    await until(() => world.fake.outbox.length === 2, 'the DM and the answer in the group');
    expect(world.fake.outbox[0]).toMatchObject({ via: 'batchSend', userIds: ['grouper'] });
    expect(world.fake.outbox[1]).toMatchObject({ conversationId: 'cidG', text: 'hi' });
  });

  it('tells a denied person once and ignores them afterwards', async () => {
    const world = await startWorld({ senderPolicy: 'pairing' });
    const channel = world.service.channel('team');
    world.fake.pushMessage({ text: 'say: let me in', ...stranger('pest') });
    await until(() => channel.pairingRequests().length === 1, 'the request');
    await channel.denyPairing(channel.pairingRequests()[0]?.code ?? '');
    expect(world.outboxText()[1]).toMatch(/拒绝/);
    world.fake.pushMessage({ text: 'say: please', ...stranger('pest') });
    await until(() => world.events('access.decision').length === 2, 'the second decision');
    expect(world.outboxText()).toHaveLength(2);
    expect(world.events('access.decision')).toMatchObject([
      { decision: 'pairing', reasonCode: 'pairing-requested', reason: expect.stringMatching(/^unknown sender; pairing requested \(code [A-HJ-NP-Z2-9]{8}\)$/) },
      { decision: 'dropped', reasonCode: 'denied', reason: 'denied earlier by the operator' },
    ]);
  });

  it(`keeps at most ${MAX_PENDING} requests waiting, tells the next person to try later and lists them as refused`, async () => {
    const world = await startWorld({ senderPolicy: 'pairing' });
    const people = Array.from({ length: MAX_PENDING + 1 }, (_, n) => `a${String(n).padStart(2, '0')}`);
    for (const who of people) world.fake.pushMessage({ text: 'hi', ...stranger(who) });
    await until(() => world.outboxText().length === people.length, 'the codes and a notice');
    const channel = world.service.channel('team');
    expect(channel.pairingRequests()).toHaveLength(MAX_PENDING);
    expect(world.outboxText().filter((t) => t.includes('Too many pairing requests'))).toHaveLength(1);
    const waiting = new Set(channel.pairingRequests().map((r) => r.staffId));
    expect(channel.refusedPairings()).toEqual([expect.objectContaining({ staffId: people.find((who) => !waiting.has(who)), limit: 'channel', count: 1 })]);
  });

  it('revokes an approved user', async () => {
    const world = await startWorld({ senderPolicy: 'pairing' });
    const channel = world.service.channel('team');
    channel.allowSender('trusted', '老王');
    world.fake.pushMessage({ text: 'say: in', ...stranger('trusted') });
    await until(() => world.outboxText().includes('in'), 'the answer');
    channel.revoke('trusted');
    expect(world.events('pairing.revoked')[0]).toMatchObject({ staffId: 'trusted', nick: '老王' });
    world.fake.pushMessage({ text: 'say: still in?', ...stranger('trusted') });
    await until(() => channel.pairingRequests().length === 1, 'a new pairing request');
    expect(world.outboxText()).not.toContain('still in?');
    expect(() => channel.revoke('nobody')).toThrow('nobody is not an approved user of this bot.');
  });

  it('keeps requests and approvals across a restart, and rejects unknown codes clearly', async () => {
    const world = await startWorld({ senderPolicy: 'pairing' });
    world.fake.pushMessage({ text: 'hi', ...stranger('p1') });
    world.fake.pushMessage({ text: 'hi', ...stranger('p2') });
    await until(() => world.service.channel('team').pairingRequests().length === 2, 'two requests');
    const code = world.service.channel('team').pairingRequests().find((r) => r.staffId === 'p1')?.code ?? '';
    await world.service.channel('team').approvePairing(code);
    const again = await world.restart();
    const channel = again.service.channel('team');
    expect(channel.approvedUsers().map((u) => u.staffId)).toEqual(['p1']);
    expect(channel.pairingRequests().map((r) => r.staffId)).toEqual(['p2']);
    await expect(channel.approvePairing('ZZZZ2222')).rejects.toThrow('No pending pairing request has the code "ZZZZ2222"');
  });
});
