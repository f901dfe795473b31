import { describe, expect, it } from 'vitest';
import { CardSettingsSchema } from '../../../../electron/core/platform/dingtalk/card-settings.js';
import { STOP_ACTION } from '../../../../electron/core/platform/dingtalk/card-click.js';
import { FLOW_STATUS } from '../../../../electron/core/platform/dingtalk/card-api.js';
import type { DingTalkSimulator } from '../../../../electron/core/platform/simulator/dingtalk/index.js';
import { connected, heldAnswer, startBot, startFake, until, type BotProbe } from './harness.js';

const CARDS = { settings: CardSettingsSchema.parse({}), notes: { interrupted: 'Stopped.', inMessage: 'In a message.', stop: 'Stop' } };
const QUESTION = {
  id: 'perm-1',
  title: 'May the agent run npm test?',
  text: 'May the agent run `npm test`?',
  buttons: [
    { decision: 'allow_once' as const, text: 'Allow once', sends: '/approve 1' },
    { decision: 'deny' as const, text: 'Deny', sends: '/deny 1' },
  ],
};

/** The next card made is made at once, but DingTalk's answer to the call waits until `release` is called. */
function holdNextCardAnswer(fake: DingTalkSimulator): () => void {
  const { answerAfter, release } = heldAnswer();
  fake.faults.add({ method: 'POST', path: '/v1.0/card/instances/createAndDeliver', times: 1, answerAfter });
  return release;
}

async function botWithMessage(): Promise<{ fake: DingTalkSimulator; probe: BotProbe }> {
  const fake = await startFake();
  const probe = await startBot(fake, { cards: CARDS });
  await connected(fake, probe);
  fake.pushMessage({ text: 'run the tests', sender: { staffId: 'alice', nick: 'Alice' } });
  await until(() => probe.messages[0], 'the message');
  return { fake, probe };
}

describe('a tap on a card that reaches the bot before DingTalk has said the card is made', () => {
  it('answers the permission request the card asks', async () => {
    const { fake, probe } = await botWithMessage();
    const taps: unknown[] = [];
    probe.bot.on('approvalClicked', (tap) => taps.push(tap));
    const release = holdNextCardAnswer(fake);
    const asking = probe.bot.approvals.ask(probe.bot.replyTargetOf(probe.messages[0]!), QUESTION, { card: true });
    const card = await until(() => fake.cards.find((each) => each.outTrackId.startsWith('dingbridge-permission-')), 'the card');
    fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', actionId: `dingbridge-permission:allow_once:${QUESTION.id}` });
    await until(() => fake.cardCallbacks.length === 1 && fake.cardCallbacks[0]?.answeredAt, 'the tap to be taken');
    release();
    await asking;
    expect(taps).toEqual([{ requestId: QUESTION.id, decision: 'allow_once', by: 'alice' }]);
  });

  it('asks to stop the turn its answer streams for', async () => {
    const { fake, probe } = await botWithMessage();
    const stops: unknown[] = [];
    probe.bot.on('stopAsked', (stop) => stops.push(stop));
    const release = holdNextCardAnswer(fake);
    const opening = probe.bot.live?.open(probe.messages[0]!);
    const card = await until(() => fake.cards[0], 'the card');
    fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', actionId: STOP_ACTION });
    await until(() => fake.cardCallbacks.length === 1 && fake.cardCallbacks[0]?.answeredAt, 'the tap to be taken');
    release();
    await opening;
    expect(stops).toEqual([{ msgId: probe.messages[0]?.msgId, by: 'alice' }]);
  });

  it('asks to stop the turn from a card DingTalk made though it said it had failed, until that card is ended', async () => {
    const { fake, probe } = await botWithMessage();
    const stops: unknown[] = [];
    probe.bot.on('stopAsked', (stop) => stops.push(stop));
    fake.faults.add({ method: 'POST', path: '/v1.0/card/instances/createAndDeliver', status: 500, carriedOut: true, times: 1 });
    const { answerAfter, release } = heldAnswer();
    // The card is ended with a note under its text first: that call is held, so the card is not ended yet.
    fake.faults.add({ method: 'PUT', path: '/v1.0/card/streaming', answerAfter, times: 1 });
    expect(await probe.bot.live?.open(probe.messages[0]!)).toMatchObject({ refused: expect.any(String) });
    const card = await until(() => fake.cards[0], 'the card');
    fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', actionId: STOP_ACTION });
    await until(() => fake.cardCallbacks[0]?.answeredAt, 'the tap to be taken');
    expect(stops).toEqual([{ msgId: probe.messages[0]?.msgId, by: 'alice' }]);
    release();
    await until(() => fake.cards[0]?.data.flowStatus === FLOW_STATUS.finished || undefined, 'the card to be ended');
    fake.clickCard({ outTrackId: card.outTrackId, userId: 'alice', actionId: STOP_ACTION });
    await until(() => fake.cardCallbacks[1]?.answeredAt, 'the second tap to be taken');
    expect(stops).toHaveLength(1);
  });
});
