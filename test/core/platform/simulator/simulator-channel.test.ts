import { afterEach, describe, expect, it } from 'vitest';
import { ChannelSet } from '../../../../electron/core/engine/channel-set.js';
import { parseConfig } from '../../../../electron/core/config/load-config.js';
import { simulatorChannelSettings } from '../../../../electron/core/config/defaults.js';
import { silentLogger } from '../../../../electron/core/base/logger.js';
import { FAST_TIMING, tempDir, until } from '../dingtalk/harness.js';
import { fakeAgentLaunch } from '../../agents/fake-agent-launch.js';
import { SimulatorMessageSchema } from '../../../../electron/core/platform/simulator/simulator-schema.js';
import { THUMBNAIL_MAX_CHARS } from '../../../../electron/core/platform/simulator/simulator-limits.js';
import type { SimulatorChat } from '../../../../electron/core/platform/simulator/simulator-chat.js';
import { CARD_WORDS } from '../../../../electron/core/reply/words/card-words.js';

const services: ChannelSet[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
});

async function simulatorService(agent: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const service = await ChannelSet.create({ dataDir: await tempDir(), logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING } });
  services.push(service);
  const settings = { ...simulatorChannelSettings('demo'), agent, cwd: await tempDir(), ...extra };
  const config = parseConfig(JSON.stringify({ channels: { sim: settings } }), 'test', {});
  await service.load(config);
  await until(() => service.channels()[0]?.connection.status === 'connected', 'the simulator channel to connect');
  const simulator = service.channel('sim').simulator;
  if (!simulator) throw new Error('no simulator');
  return { service, simulator, chatLanguage: config.channels.sim!.chatLanguage };
}

const fakeAgent = () => {
  const launch = fakeAgentLaunch();
  return { preset: 'custom', command: launch.command, args: launch.args };
};
const zhang = { staffId: 'zhangsan', nick: '张三' };
const THUMBNAIL = 'data:image/webp;base64,UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==';

describe('a simulator message’s thumbnail', () => {
  const picture = (mimeType: string, thumbnail: string) => ({ sender: zhang, conversation: 'dm', text: '', attachment: { fileName: 'a', mimeType, dataBase64: 'AA==', thumbnail } });

  it('is only ever a small raster picture as a data URL, never markup, a link or a script', () => {
    expect(SimulatorMessageSchema.safeParse(picture('image/png', THUMBNAIL)).success).toBe(true);
    for (const thumbnail of [
      'data:image/svg+xml;base64,PHN2Zy8+',
      'data:text/html;base64,PHNjcmlwdD4=',
      'https://example.com/a.png',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA"onerror="alert(1)',
      `data:image/png;base64,${'A'.repeat(THUMBNAIL_MAX_CHARS)}`,
    ]) {
      expect(SimulatorMessageSchema.safeParse(picture('image/png', thumbnail)).success, thumbnail.slice(0, 40)).toBe(false);
    }
  });

  it('is dropped from a file that is not a picture, so it cannot pass for one', async () => {
    const { simulator } = await simulatorService(fakeAgent());
    simulator.send({ ...picture('application/pdf', THUMBNAIL), conversation: 'dm', text: 'echo' });
    await until(() => simulator.transcript().some((entry) => entry.from === 'person'), 'the message');
    expect(simulator.transcript()[0]?.attachment).toEqual({ fileName: 'a', kind: 'file' });
  });
});

describe('a simulator channel', () => {
  it('answers through the same pipeline, with the 👀 reaction while the agent works', async () => {
    const { simulator } = await simulatorService(fakeAgent());
    const sent = simulator.send({ sender: zhang, conversation: 'dm', text: 'slow: 300\nsay: **hello** from the agent' });
    await until(() => simulator.transcript().find((entry) => entry.id === sent.id)?.reaction === '👀', 'the working reaction');
    await until(() => simulator.transcript().some((entry) => entry.from === 'bot'), 'the reply');
    const transcript = simulator.transcript();
    expect(transcript.map((entry) => [entry.from, entry.text])).toEqual([
      ['person', 'slow: 300\nsay: **hello** from the agent'],
      ['bot', '**hello** from the agent'],
    ]);
    await until(() => !simulator.transcript()[0]?.reaction, 'the reaction to be recalled');
    expect(transcript[1]).toMatchObject({ conversation: 'dm', via: 'webhook' });
  });

  it('makes a stranger pair, and in the group answers only when mentioned', async () => {
    const { service, simulator } = await simulatorService(fakeAgent());
    simulator.send({ sender: { staffId: 'stranger', nick: '王五' }, conversation: 'dm', text: 'say: hi' });
    await until(() => simulator.transcript().some((entry) => entry.from === 'bot'), 'the pairing code');
    const code = service.pairingRequests()[0]?.code ?? '';
    expect(simulator.transcript().at(-1)?.text).toContain(code);

    simulator.send({ sender: zhang, conversation: 'group', text: 'say: not for you', mention: false });
    simulator.send({ sender: zhang, conversation: 'group', text: 'say: for you', mention: true });
    await until(() => simulator.transcript().some((entry) => entry.text === 'for you' && entry.from === 'bot'), 'the group answer');
    expect(simulator.transcript().filter((entry) => entry.from === 'bot' && entry.conversation === 'group').map((entry) => entry.text)).toEqual(['for you']);
  });

  it('carries pictures, files and quotes to the agent', async () => {
    const { simulator } = await simulatorService(fakeAgent());
    simulator.send({
      sender: zhang,
      conversation: 'dm',
      text: 'echo',
      attachment: { fileName: 'shot.png', mimeType: 'image/png', dataBase64: Buffer.from('89504e47', 'hex').toString('base64'), thumbnail: THUMBNAIL },
    });
    await until(() => simulator.transcript().some((entry) => entry.from === 'bot'), 'the echo');
    expect(simulator.transcript().at(-1)?.text).toMatch(/User sent an image "image-\d+\.png"\. It has been saved to: /);
    expect(simulator.transcript()[0]?.attachment).toEqual({ fileName: 'shot.png', kind: 'image', thumbnail: THUMBNAIL });
    const first = simulator.transcript()[0]?.id ?? '';
    simulator.send({ sender: zhang, conversation: 'dm', text: 'echo', quoteId: first });
    await until(() => simulator.transcript().filter((entry) => entry.from === 'bot').length === 2, 'the second echo');
    expect(simulator.transcript().at(-1)?.text).toContain('[Replying to 张三: "echo"]');
  });

  it('without an installed agent, the demo agent answers and says it is a demo', async () => {
    const { simulator } = await simulatorService({ preset: 'demo' });
    simulator.send({ sender: zhang, conversation: 'dm', text: 'hello demo' });
    await until(() => simulator.transcript().some((entry) => entry.from === 'bot'), 'the demo answer');
    const answer = simulator.transcript().at(-1)?.text ?? '';
    expect(answer).toContain('built-in demo agent, not a real coding agent');
    expect(answer).toContain('> hello demo');
    expect(answer).toContain('npm install -g @qwen-code/qwen-code');
    simulator.send({ sender: zhang, conversation: 'dm', text: 'something long please' });
    await until(() => simulator.transcript().filter((entry) => entry.from === 'bot').length >= 4, 'a reply in several parts');
  });

  it('the demo agent asks before writing a file, so Approve and Deny can be tried without a real agent', async () => {
    const { service, simulator } = await simulatorService({ preset: 'demo' });
    simulator.send({ sender: zhang, conversation: 'dm', text: 'please write a file' });
    await until(() => service.pendingPermissions().length === 1, 'the permission request');
    const [request] = service.pendingPermissions();
    expect(request?.title).toContain('Write dingbridge-demo.txt');
    expect(service.channel('sim').answerPermission(request!.id, 'allow_once')).toBe(true);
    await until(() => simulator.transcript().some((entry) => entry.from === 'bot' && entry.text.includes('You allowed writing')), 'the allowed answer');
    // Asked in Chinese, it asks and answers in Chinese.
    simulator.send({ sender: zhang, conversation: 'dm', text: '帮我写一个文件' });
    await until(() => service.pendingPermissions().length === 1, 'the second permission request');
    expect(service.pendingPermissions()[0]?.title).toBe('写入 dingbridge-demo.txt');
    expect(service.channel('sim').answerPermission(service.pendingPermissions()[0]!.id, 'deny')).toBe(true);
    await until(() => simulator.transcript().some((entry) => entry.from === 'bot' && entry.text.includes('没有写入 `dingbridge-demo.txt`')), 'the denied answer');
  });
});

describe('a simulator channel answering in AI cards', () => {
  const CARD = { replyStyle: 'card', dingtalk: { card: { intervalMs: 300 } } };
  const cardEntry = (simulator: SimulatorChat) => simulator.transcript().find((entry) => entry.card);

  it('shows the card in the chat as it streams, then finished without buttons', async () => {
    const { simulator } = await simulatorService(fakeAgent(), CARD);
    const texts: string[] = [];
    simulator.on('changed', () => {
      const text = cardEntry(simulator)?.text;
      if (text && texts.at(-1) !== text) texts.push(text);
    });
    simulator.send({ sender: zhang, conversation: 'dm', text: ['say: alpha', 'slow: 700', 'say: -beta', 'slow: 700', 'say: -gamma'].join('\n') });
    await until(() => cardEntry(simulator)?.card?.state === 'finished', 'the card to finish', 10_000);
    await until(() => texts.at(-1) === 'alpha-beta-gamma', 'the chat to hear of the whole answer');

    expect(texts.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < texts.length; i++) expect(texts[i]?.startsWith(texts[i - 1] ?? '')).toBe(true);
    const entry = cardEntry(simulator);
    expect(entry).toMatchObject({ from: 'bot', conversation: 'dm', conversationId: 'cidSimulatedDm-zhangsan', text: 'alpha-beta-gamma', via: 'card', card: { state: 'finished', buttons: [] } });
    expect(simulator.transcript().map((each) => each.from)).toEqual(['person', 'bot']);
  });

  it('shows a group answer’s card in the group', async () => {
    const { simulator } = await simulatorService(fakeAgent(), CARD);
    simulator.send({ sender: zhang, conversation: 'group', text: 'say: for the group', mention: true });
    await until(() => cardEntry(simulator)?.card?.state === 'finished', 'the card to finish');
    expect(cardEntry(simulator)).toMatchObject({ conversation: 'group', conversationId: 'cidSimulatedGroup', text: 'for the group' });
  });

  it('stops the turn when the person who asked taps the stop button, and taps only the buttons a card has', async () => {
    const { simulator, chatLanguage } = await simulatorService(fakeAgent(), CARD);
    simulator.send({ sender: zhang, conversation: 'dm', text: 'say: Working on it.\nhang' });
    const streaming = await until(() => {
      const entry = cardEntry(simulator);
      return entry?.text === 'Working on it.' ? entry : undefined;
    }, 'the card to show the first words');
    expect(streaming.card).toMatchObject({ state: 'streaming', buttons: [{ id: 'dingbridge-stop', text: CARD_WORDS.stopButton(chatLanguage) }] });
    const card = streaming.card?.id ?? '';

    expect(() => simulator.clickCard(card, 'dingbridge-retry', zhang)).toThrow(`The card ${card} has no button dingbridge-retry.`);
    expect(() => simulator.clickCard('no-such-card', 'dingbridge-stop', zhang)).toThrow('There is no card no-such-card in the simulator.');
    simulator.clickCard(card, 'dingbridge-stop', { staffId: 'zhangsan' });
    await until(() => cardEntry(simulator)?.card?.state === 'finished', 'the stopped card to end');
    expect(cardEntry(simulator)).toMatchObject({ text: `Working on it.\n\n${CARD_WORDS.stopped(chatLanguage)}`, card: { state: 'finished', buttons: [] } });
    expect(() => simulator.clickCard(card, 'dingbridge-stop', zhang)).toThrow(`The card ${card} has no button dingbridge-stop.`);
  });
});
