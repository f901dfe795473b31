import { describe, expect, it } from 'vitest';
import { startFake, until } from '../platform/dingtalk/harness.js';
import { startWorld, type World } from './service-harness.js';
import type { CardRecord } from '../../../electron/core/platform/simulator/dingtalk/index.js';
import { CARD_WORDS } from '../../../electron/core/reply/words/card-words.js';

const CARD = { replyStyle: 'card', dingtalk: { card: { intervalMs: 300 } } };
/** An answer written in four stretches with pauses between, each well over the card's interval. */
const STREAMED = ['say: alpha', 'slow: 700', 'say: -beta', 'slow: 700', 'say: -gamma', 'slow: 700', 'say: -delta'].join('\n');
const WHOLE = 'alpha-beta-gamma-delta';

const cardFinished = (world: World) => until(() => world.fake.cards.find((card) => card.flowStatus === '3' || card.flowStatus === '5'), 'a card to be ended', 10_000);

/** The frames' text with the card's status line, if any, left out. */
const framesText = (card: CardRecord) => card.frames.map((frame) => frame.content.replace(/\n\n> .*$/s, ''));

function expectStreamedAndFinished(card: CardRecord) {
  const texts = framesText(card);
  expect(texts.length).toBeGreaterThanOrEqual(3);
  // Every frame holds the whole text so far: each starts with the one before it.
  for (let i = 1; i < texts.length; i++) expect(texts[i]?.startsWith(texts[i - 1] ?? '')).toBe(true);
  expect(card.frames.at(-1)).toMatchObject({ isFinalize: true, isFull: true, isError: false });
  expect(card.frames.slice(0, -1).every((frame) => !frame.isFinalize)).toBe(true);
  expect(card.data.msgContent).toBe(WHOLE);
  expect(card.flowStatus).toBe('3');
  expect(card.visible).toBe(true);
}

describe('answers in an AI card', () => {
  it('streams a direct answer into a card in frames that only grow, then finishes it, with no message besides', async () => {
    const world = await startWorld(CARD);
    world.fake.pushMessage({ text: STREAMED, sender: { staffId: 'alice', nick: 'Alice' } });
    const card = await cardFinished(world);
    expect(card).toMatchObject({ spaceType: 'IM_ROBOT', spaceId: 'alice', callbackType: 'STREAM', templateId: '382e4302-551d-4880-bf29-a30acfab2e71.schema' });
    expectStreamedAndFinished(card);
    await until(() => world.events('reply.sent').length > 0, 'the answer recorded as sent');
    // What the answer cost is what DingTalk was asked for it; the app's count has the 👀 as well.
    const cardCalls = world.fake.requests.filter((request) => request.path.startsWith('/v1.0/card/')).length;
    expect(world.events('reply.sent')).toMatchObject([{ path: 'card', replyKind: 'answer', text: WHOLE, apiCalls: cardCalls }]);
    expect(world.outboxText()).toEqual([]);
    const apiCalls = () => world.fake.requests.filter((request) => /^\/v1\.0\/(card|robot)\//.test(request.path)).length;
    await until(() => world.service.channels()[0]?.apiCalls?.thisMonth === apiCalls(), 'the app’s count of API calls');
    expect(world.service.channels()[0]?.apiCalls).toEqual({ today: apiCalls(), thisMonth: apiCalls() });
  });

  it('streams a group answer into a card in the group', async () => {
    const world = await startWorld({ ...CARD, groupPolicy: 'open' });
    world.fake.pushMessage({ text: STREAMED, conversation: { id: 'cidTeamGroup==', type: 'group', title: 'Team' }, isInAtList: true });
    const card = await cardFinished(world);
    expect(card).toMatchObject({ spaceType: 'IM_GROUP', spaceId: 'cidTeamGroup==', conversationId: 'cidTeamGroup==' });
    expectStreamedAndFinished(card);
    expect(world.outboxText()).toEqual([]);
  });

  it('shows a tool call as the status line, then the answer without it', async () => {
    const world = await startWorld(CARD);
    world.fake.pushMessage({ text: ['say: Checking.', 'tool: run the tests', 'slow: 700', 'say: All pass.'].join('\n') });
    const card = await cardFinished(world);
    expect(card.frames.some((frame) => frame.content.endsWith('> 🔧 run the tests'))).toBe(true);
    expect(card.data.msgContent).toBe('Checking.\n\nAll pass.');
  });

  it('ends the whole answer in the card when DingTalk says the app is too fast mid-stream', async () => {
    const world = await startWorld(CARD);
    const limit = { status: 403, body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps limit', requestid: 'r' } };
    world.fake.faults.add({ method: 'PUT', path: '/v1.0/card/streaming', after: 1, times: 3, ...limit });
    world.fake.pushMessage({ text: STREAMED });
    const card = await cardFinished(world);
    expect(card.data.msgContent).toBe(WHOLE);
    expect(card.frames.at(-1)).toMatchObject({ isFinalize: true, content: WHOLE });
    expect(world.outboxText()).toEqual([]);
  });

  it('never drops the last frame: a limit on it is waited out', async () => {
    const world = await startWorld(CARD);
    world.fake.faults.add({ method: 'PUT', path: '/v1.0/card/streaming', times: 2, status: 429, body: { code: 'Throttling', message: 'too fast', requestid: 'r' } });
    world.fake.pushMessage({ text: 'say: Short.' });
    const card = await cardFinished(world);
    expect(card.frames.at(-1)).toMatchObject({ isFinalize: true, content: 'Short.' });
    expect(card.flowStatus).toBe('3');
  });

  it('answers in a message when the card cannot be made, says why once, and tries no card for a while', async () => {
    const fake = await startFake({ apps: [{ clientId: 'dingcardless', clientSecret: 'secret', permissions: ['qyapi_robot_sendmsg'] }] });
    const world = await startWorld(CARD, { fake });
    fake.pushMessage({ text: 'say: first answer' });
    await until(() => world.outboxText().includes('first answer'), 'the first answer as a message');
    const [failed] = world.events('card.failed');
    expect(failed).toMatchObject({ stage: 'create', problem: { code: 'permission', permission: 'Card.Instance.Write' } });
    expect(failed?.kind === 'card.failed' && failed.pausedUntil).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect(world.service.channels()[0]?.cardsPaused).toMatchObject({ problem: { code: 'permission', permission: 'Card.Instance.Write' } });

    fake.pushMessage({ text: 'say: second answer' });
    await until(() => world.outboxText().includes('second answer'), 'the second answer as a message');
    expect(world.outboxText()).toEqual(['first answer', 'second answer']);
    expect(fake.requests.filter((request) => request.path === '/v1.0/card/instances/createAndDeliver')).toHaveLength(1);
    expect(world.events('card.failed')).toHaveLength(1);
  });

  it('answers in a message, pausing nothing, when a card cannot reach one person', async () => {
    const world = await startWorld(CARD);
    world.fake.pushMessage({ text: 'say: to someone without a staffId', sender: { staffId: '', nick: 'Guest' } });
    await until(() => world.outboxText().includes('to someone without a staffId'), 'the answer as a message');
    expect(world.events('card.failed')).toMatchObject([{ stage: 'create' }]);
    expect(world.service.channels()[0]?.cardsPaused).toBeUndefined();
  });

  it('ends the card as failed with the error and its reference when the turn times out', async () => {
    const world = await startWorld({ ...CARD, timeouts: { turnMs: 600 } });
    world.fake.pushMessage({ text: 'say: Working on it.\nhang' });
    const card = await cardFinished(world);
    expect(card.flowStatus).toBe('5');
    expect(card.frames.at(-1)).toMatchObject({ isFinalize: true, isError: true });
    expect(card.data.msgContent).toMatch(/^Working on it\.\n\n[\s\S]*\(ref [A-Z0-9-]+\)$/);
    const [error] = world.events('error');
    expect(card.data.msgContent).toContain(error?.kind === 'error' ? error.ref : 'no error recorded');
    expect(world.outboxText()).toEqual([]);
  });

  it('ends a streaming card with a note when the app stops, and answers the message in a new card when it is back', async () => {
    const world = await startWorld(CARD);
    world.fake.pushMessage({ text: 'say: begun\nslow: 2000\nsay: -and done' });
    await until(() => world.fake.cards[0]?.frames.some((frame) => frame.content === 'begun'), 'the card to show the first words');
    const again = await world.restart();
    const [old] = again.fake.cards;
    expect(old).toMatchObject({ flowStatus: '3', data: { msgContent: `begun\n\n${CARD_WORDS.interrupted('both')}` } });
    await until(() => again.fake.cards[1]?.flowStatus === '3', 'the answer in a new card', 10_000);
    expect(again.fake.cards[1]?.data.msgContent).toBe('begun-and done');
    expect(again.fake.cards).toHaveLength(2);
    expect(again.outboxText()).toEqual([]);
  });

  it('counts the answer as given once its last frame is out, finishing the card’s status at the next start when DingTalk would not', async () => {
    const world = await startWorld(CARD);
    // The first status update (to "inputting") goes through; the finished one is refused.
    world.fake.faults.add({ method: 'PUT', path: '/v1.0/card/instances', after: 1, times: 1, status: 400, body: { code: 'invalidParameter', message: 'refused', requestid: 'r' } });
    world.fake.pushMessage({ text: 'say: answered' });
    await until(() => world.events('reply.sent').length > 0, 'the answer recorded as sent');
    const [card] = world.fake.cards;
    expect(card).toMatchObject({ finalized: true, data: { msgContent: 'answered' } });
    expect(card?.flowStatus).not.toBe('3');
    expect(world.outboxText()).toEqual([]);
    const again = await world.restart();
    await until(() => again.fake.cards[0]?.flowStatus === '3', 'the card’s status finished at the next start');
    expect(again.fake.cards[0]?.data.msgContent).toBe('answered');
    expect(again.fake.cards).toHaveLength(1);
    expect(again.outboxText()).toEqual([]);
  });

  it('ends a card still being made when the app stops, and answers the message in a new one when it is back', async () => {
    const world = await startWorld(CARD);
    world.fake.faults.add({ path: '/v1.0/card/instances/createAndDeliver', delayMs: 800, times: 1 });
    world.fake.pushMessage({ text: 'say: begun\nslow: 1500\nsay: -and done' });
    await until(() => world.fake.requests.some((request) => request.path === '/v1.0/card/instances/createAndDeliver'), 'the card to be asked for');
    const again = await world.restart();
    await until(() => again.fake.cards.filter((card) => card.flowStatus === '3').length === 2, 'both cards ended', 10_000);
    const [old, fresh] = again.fake.cards;
    expect(old?.data.msgContent).toContain(CARD_WORDS.interrupted('both'));
    expect(fresh?.data.msgContent).toBe('begun-and done');
  });

  it('stops the turn when the person who asked clicks the card’s stop button, and only then', async () => {
    const world = await startWorld(CARD);
    world.fake.pushMessage({ text: 'say: Working on it.\nhang', sender: { staffId: 'alice', nick: 'Alice' } });
    const card = await until(() => world.fake.cards.find((each) => each.frames.some((frame) => frame.content === 'Working on it.')), 'the card to show the first words');
    const button = JSON.parse(card.data.sys_full_json_obj ?? '{}') as { msgButtons: Array<{ id: string }> };
    expect(button.msgButtons.map((each) => each.id)).toEqual(['dingbridge-stop']);

    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'mallory', actionId: 'dingbridge-stop' });
    await until(() => world.events('card.stop').length === 1, 'the stranger’s click to be heard');
    expect(world.events('card.stop')).toMatchObject([{ by: 'mallory', outcome: 'not-allowed' }]);
    // Alice's namesake in another organisation is someone else too.
    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', corpId: 'dingOtherCorp', actionId: 'dingbridge-stop' });
    await until(() => world.events('card.stop').length === 2, 'the other organisation’s click to be heard');
    expect(world.events('card.stop').at(-1)).toMatchObject({ by: 'dingOtherCorp/alice', outcome: 'not-allowed' });
    expect(world.events('agent.turn.finished')).toEqual([]);

    world.fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', actionId: 'dingbridge-stop' });
    await cardFinished(world);
    expect(world.events('card.stop').at(-1)).toMatchObject({ by: 'alice', outcome: 'stopped' });
    expect(card.flowStatus).toBe('3');
    expect(card.data.msgContent).toBe(`Working on it.\n\n${CARD_WORDS.stopped('both')}`);
    expect(JSON.parse(card.data.sys_full_json_obj ?? '{}')).toMatchObject({ msgButtons: [] });
    expect(world.events('agent.turn.finished')).toMatchObject([{ outcome: 'cancelled' }]);
    expect(world.fake.cardCallbacks.map((callback) => callback.answeredAt !== undefined)).toEqual([true, true, true]);
  });

  it('keeps many conversations streaming at once under the app’s rate', async () => {
    const fake = await startFake({ apiQps: 40 });
    const world = await startWorld({ ...CARD, dispatchMode: 'followup' }, { fake });
    for (let i = 0; i < 10; i++) fake.pushMessage({ text: STREAMED, sender: { staffId: `person${i}`, nick: `Person ${i}` }, conversation: { id: `cidDm${i}==`, type: 'dm' } });
    await until(() => fake.cards.filter((card) => card.flowStatus === '3').length === 10, 'ten finished cards', 20_000);
    // Every call behind the token, in any one second, fewer than DingTalk refuses: none of them was refused.
    const calls = fake.requests.filter((request) => /^\/v1\.0\/(robot|card)\//.test(request.path)).map((request) => request.at);
    expect(calls.length).toBeGreaterThan(50);
    const busiest = Math.max(...calls.map((at) => calls.filter((other) => other >= at && other < at + 1_000).length));
    // The pace allows a burst of 5 and 20 a second; the ten last frames go at once, beyond it.
    expect(busiest).toBeLessThanOrEqual(35);
    for (const card of fake.cards) expect(card.data.msgContent).toBe(WHOLE);
    expect(world.events('card.failed')).toEqual([]);
  });
});
