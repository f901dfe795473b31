import { describe, expect, it } from 'vitest';
import { startWorld, type World } from './service-harness.js';
import { until } from '../platform/dingtalk/harness.js';
import type { CardRecord } from '../../../electron/core/platform/simulator/dingtalk/types.js';
import { permissionCode } from '../../../electron/core/agents/permission-schema.js';

const CARD = { replyStyle: 'card', dingtalk: { card: { intervalMs: 300 } } };
const CHAT = { permissions: 'chat', approvers: ['boss'], chatLanguage: 'en' };
const GROUP = { id: 'cidTeamGroup==', type: 'group' as const, title: 'Team' };
const ALICE = { staffId: 'alice', nick: 'Alice' };

const approvalCard = (world: World) => until(() => world.fake.cards.find((card) => card.outTrackId.startsWith('dingbridge-permission-')), 'the permission card', 20_000);
const buttonsOf = (card: CardRecord): Array<{ id: string; text: string }> => JSON.parse(card.data.sys_full_json_obj ?? '{"msgButtons":[]}').msgButtons;
const button = (card: CardRecord, decision: string) => buttonsOf(card).find((candidate) => candidate.id.startsWith(`dingbridge-permission:${decision}:`))?.id ?? '';
const agentSaid = (world: World, words: string) => until(() => world.fake.cards.some((card) => card.data.msgContent?.includes(words)) || world.outboxText().some((text) => text.includes(words)) || undefined, `the agent to say "${words}"`, 20_000);
const settledCard = (world: World, outTrackId: string) => until(() => world.fake.cards.find((card) => card.outTrackId === outTrackId && buttonsOf(card).length === 0), 'the card to show its answer', 20_000);
const clicks = (world: World) => world.events('agent.permission.clicked').map((event) => (event.kind === 'agent.permission.clicked' ? event.outcome : ''));

describe('permission requests answered in the chat', { timeout: 45_000 }, () => {
  it('asks on a card with three buttons; the person who asked taps Allow once, the tool runs and the card says who answered', async () => {
    const world = await startWorld({ ...CARD, ...CHAT });
    world.fake.pushMessage({ text: 'run: npm test', sender: ALICE });
    const card = await approvalCard(world);
    expect(buttonsOf(card).map((candidate) => candidate.text)).toEqual(['Allow once', 'Always', 'Deny']);
    expect(card.data.msgContent).toContain('npm test');
    expect(card.data.msgContent).toContain(`/approve ${permissionCode(world.service.pendingPermissions()[0]?.id ?? '')}`);
    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', actionId: button(card, 'allow_once') });
    await agentSaid(world, 'permission: allow');
    const settled = await settledCard(world, card.outTrackId);
    expect(settled.data.msgContent).toContain('Allowed once');
    expect(settled.data.msgContent).toContain('answered by Alice in the chat');
    expect(clicks(world)).toEqual(['answered']);
  });

  it('refuses a tap from someone else in a group, tells them, and takes an approver’s', async () => {
    const world = await startWorld({ ...CARD, ...CHAT, groupPolicy: 'open' });
    world.fake.pushMessage({ text: 'run: rm -rf build', sender: ALICE, conversation: GROUP, isInAtList: true });
    const card = await approvalCard(world);
    expect(card.spaceType).toBe('IM_GROUP');
    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'mallory', actionId: button(card, 'allow_once') });
    await until(() => world.outboxText().find((text) => text.includes('Only Alice')), 'the tapper to be told', 20_000);
    expect(world.service.pendingPermissions()).toHaveLength(1);
    expect(clicks(world)).toEqual(['not-allowed']);
    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'boss', actionId: button(card, 'deny') });
    await agentSaid(world, 'permission: deny');
    expect((await settledCard(world, card.outTrackId)).data.msgContent).toContain('Denied');
  });

  it('counts only the first answer when the window and the chat answer at once', async () => {
    const world = await startWorld({ ...CARD, ...CHAT });
    world.fake.pushMessage({ text: 'run: npm publish', sender: ALICE });
    const card = await approvalCard(world);
    const [pending] = world.service.pendingPermissions();
    expect(world.service.channel('team').answerPermission(pending?.id ?? '', 'deny')).toBe(true);
    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', actionId: button(card, 'allow_once') });
    await agentSaid(world, 'permission: deny');
    const settled = await settledCard(world, card.outTrackId);
    expect(settled.data.msgContent).toContain('answered in the Dingbridge app');
    expect(world.events('agent.permission.answered')).toHaveLength(1);
    await until(() => clicks(world).length === 1 || undefined, 'the late tap to be logged');
    expect(clicks(world)).toEqual(['settled']);
    expect(world.outboxText().join('\n')).not.toContain('permission: allow');
  });

  it('expires an unanswered request and shows it on the card', async () => {
    const world = await startWorld({ ...CARD, ...CHAT, timeouts: { permissionMs: 400 } });
    world.fake.pushMessage({ text: 'run: make deploy', sender: ALICE });
    const card = await approvalCard(world);
    await agentSaid(world, 'permission: cancelled');
    expect((await settledCard(world, card.outTrackId)).data.msgContent).toContain('Expired');
  });

  it('asks with an ActionCard where answers are messages; a tap sends the typed answer as the tapper', async () => {
    const world = await startWorld(CHAT);
    world.fake.pushMessage({ text: 'run: npm test', sender: ALICE });
    const prompt = await until(() => world.fake.outbox.find((sent) => sent.msgtype === 'actionCard'), 'the ActionCard', 20_000);
    const buttons = (prompt.payload as { actionCard: { btns: Array<{ title: string; actionURL: string }> } }).actionCard.btns;
    expect(buttons.map((btn) => btn.title)).toEqual(['Allow once', 'Always', 'Deny']);
    const code = permissionCode(world.service.pendingPermissions()[0]?.id ?? '');
    expect(buttons[0]?.actionURL).toBe(`dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(`/approve ${code}`)}`);
    world.fake.pushMessage({ text: `/approve ${code}`, sender: ALICE });
    await agentSaid(world, 'permission: allow');
  });

  it('says after an ActionCard who answered, when it was answered in the window', async () => {
    const world = await startWorld(CHAT);
    world.fake.pushMessage({ text: 'run: npm test', sender: ALICE });
    await until(() => world.fake.outbox.find((sent) => sent.msgtype === 'actionCard'), 'the ActionCard', 20_000);
    const [pending] = world.service.pendingPermissions();
    world.service.channel('team').answerPermission(pending?.id ?? '', 'allow_once');
    await until(() => world.outboxText().find((text) => text.includes('answered in the Dingbridge app')), 'the answer to be said');
    await agentSaid(world, 'permission: allow');
  });
});
