import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startFake, tempDir, until } from '../core/platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';
import { startDaemon, type AttackedDaemon } from '../security/daemon.js';
import type { CardRecord, DingTalkSimulator } from '../../electron/core/platform/simulator/dingtalk/index.js';
import { CARD_WORDS } from '../../electron/core/reply/words/card-words.js';
import { cardMarkdown } from '../../electron/core/platform/dingtalk/card-markdown.js';

const WEBHOOK = '/robot/sendBySession';
/** About 4,000 characters: a part of an answer that long puts each part's marker in a message of its own. */
const FILLER = 'lorem '.repeat(665).trim();

const daemons: AttackedDaemon[] = [];
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
});

/**
 * `dingbridge serve` in a process of its own, with one DingTalk channel on the fake DingTalk and the scripted
 * agent, killed outright (SIGKILL: no clean-up of any kind) at one moment and started again on the same data.
 */
async function killableBridge(dispatchMode: 'followup' | 'collect' = 'followup', settings: Record<string, unknown> = {}) {
  const fake = await startFake({ redeliveryDelayMs: 300 });
  const dataDir = await tempDir();
  const launch = fakeAgentLaunch();
  const config = {
    channels: {
      team: {
        dingtalk: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret, endpoints: fake.endpoints, card: { intervalMs: 300 } },
        cwd: await tempDir(),
        instructions: '',
        senderPolicy: 'open',
        dispatchMode,
        permissions: 'auto',
        agent: { preset: 'custom', command: launch.command, args: launch.args },
        ...settings,
      },
    },
  };
  const start = async () => {
    const daemon = await startDaemon({ dataDir, config });
    daemons.push(daemon);
    await until(() => fake.connections().some((connection) => connection.state === 'live'), 'the daemon to connect', 30_000);
    return daemon;
  };
  let daemon = await start();
  return {
    fake,
    /** Sends `text` from its own person in its own DM. */
    ask: (token: string, text = `say: ${token}`) =>
      fake.pushMessage({ text, conversation: { id: `cidKill${token}==`, type: 'dm' }, sender: { staffId: `staff-${token}`, nick: 'Kill Tester' } }),
    kill: () => daemon.process.kill('SIGKILL'),
    async restart() {
      if (daemon.alive()) await once(daemon.process, 'exit');
      daemon = await start();
    },
  };
}

/** How often each marker reached a chat, over every message DingTalk took. */
function countsOf(fake: DingTalkSimulator, markers: string[]): Record<string, number> {
  return Object.fromEntries(markers.map((marker) => [marker, fake.outbox.filter((sent) => sent.text.includes(marker)).length]));
}

async function expectEachOnce(fake: DingTalkSimulator, markers: string[]): Promise<void> {
  await until(() => Object.values(countsOf(fake, markers)).every((count) => count >= 1), `answers with ${markers.join(', ')}`, 30_000);
  // Long enough for a late duplicate (a redelivery, a second resume) to have shown up.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(countsOf(fake, markers)).toEqual(Object.fromEntries(markers.map((marker) => [marker, 1])));
}

/** Kills the daemon from inside the fake DingTalk, the moment it records `what` the first time. */
function killWhen(fake: DingTalkSimulator, kill: () => void, what: (kind: string, record: unknown) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const watch = (kind: string, record: unknown) => {
      if (!what(kind, record)) return;
      fake.off('change', watch);
      kill();
      resolve();
    };
    fake.on('change', watch);
  });
}

const isWebhookCall = (kind: string, record: unknown) => kind === 'requests' && (record as { path?: string }).path === WEBHOOK;

// Two daemon start-ups per test, which a busy machine can make slow.
describe('dingbridge serve killed with SIGKILL while messages arrive, then started again on the same data', { timeout: 60_000 }, () => {
  it('before the ACK: DingTalk sends the message again, and it is answered once', async () => {
    const bridge = await killableBridge();
    // Frozen, the daemon cannot read the frame, let alone ACK it.
    const daemon = daemons.at(-1) as AttackedDaemon;
    daemon.process.kill('SIGSTOP');
    bridge.ask('unacked');
    await until(() => bridge.fake.deliveries.length >= 1, 'the frame to go out');
    bridge.kill();
    expect(bridge.fake.acks).toHaveLength(0);
    await bridge.restart();
    await expectEachOnce(bridge.fake, ['unacked']);
  });

  it('just after an ACK, in a burst: every message of the burst is answered once', async () => {
    const bridge = await killableBridge();
    const tokens = Array.from({ length: 12 }, (_, n) => `burst${n}z`);
    let acks = 0;
    const killed = killWhen(bridge.fake, bridge.kill, (kind) => kind === 'acks' && ++acks === 3);
    bridge.fake.pushMessages(tokens.map((token) => ({ text: `say: ${token}`, conversation: { id: `cidKill${token}==`, type: 'dm' as const }, sender: { staffId: `staff-${token}`, nick: 'Kill Tester' } })));
    await killed;
    await bridge.restart();
    await expectEachOnce(bridge.fake, tokens);
  });

  it('mid-turn, while the agent works: the message is answered once', async () => {
    const bridge = await killableBridge();
    const killed = killWhen(bridge.fake, bridge.kill, (kind) => kind === 'reactions');
    bridge.ask('midturn', 'slow: 3000\nsay: midturn');
    await killed;
    expect(bridge.fake.outbox).toHaveLength(0);
    await bridge.restart();
    await expectEachOnce(bridge.fake, ['midturn']);
  });

  it('mid-stream in an AI card: the old card is ended with what it showed and a note, and the answer arrives once, in a new card', async () => {
    const bridge = await killableBridge('followup', { replyStyle: 'card' });
    const killed = killWhen(bridge.fake, bridge.kill, (kind, record) => kind === 'cards' && (record as CardRecord).frames.length > 0);
    bridge.ask('midstream', 'say: begun\nslow: 3000\nsay: -and done');
    await killed;
    await bridge.restart();
    const ended = () => bridge.fake.cards.filter((card) => card.flowStatus === '3');
    await until(() => ended().length === 2, 'both cards to be ended', 30_000);
    const [old, fresh] = bridge.fake.cards;
    expect(old?.data.msgContent).toBe(`begun\n\n${cardMarkdown(CARD_WORDS.interrupted('both'), 'text')}`);
    expect(fresh?.data.msgContent).toBe('begun-and done');
    expect(bridge.fake.outbox).toEqual([]);
    // Long enough for a late duplicate (a second resume, a third card) to have shown up.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(bridge.fake.cards).toHaveLength(2);
  });

  it('mid-reply, before DingTalk took it: the answer arrives once', async () => {
    const bridge = await killableBridge();
    bridge.fake.faults.add({ path: WEBHOOK, status: 500, delayMs: 5_000, times: 1 });
    const killed = killWhen(bridge.fake, bridge.kill, isWebhookCall);
    bridge.ask('midreply');
    await killed;
    await bridge.restart();
    await expectEachOnce(bridge.fake, ['midreply']);
  });

  it('between the parts of a long answer: each part arrives once, none again', async () => {
    const bridge = await killableBridge();
    const parts = ['partone', 'parttwo', 'partthree'];
    // The first part goes through; the second is still on its way when the daemon dies.
    bridge.fake.faults.add({ path: WEBHOOK, status: 500, delayMs: 5_000, after: 1, times: 1 });
    let calls = 0;
    const killed = killWhen(bridge.fake, bridge.kill, (kind, record) => isWebhookCall(kind, record) && ++calls === 2);
    bridge.ask('long', parts.map((part) => `say: ${part} ${FILLER} `).join('\n'));
    await killed;
    expect(countsOf(bridge.fake, parts)).toEqual({ partone: 1, parttwo: 0, partthree: 0 });
    await bridge.restart();
    await expectEachOnce(bridge.fake, parts);
  });

  it('between the parts of an answer to messages gathered into one turn: each part arrives once, and no gathered message is asked again', async () => {
    const bridge = await killableBridge('collect');
    const person = { conversation: { id: 'cidKillGathered==', type: 'dm' as const }, sender: { staffId: 'staff-gathered', nick: 'Kill Tester' } };
    bridge.fake.pushMessage({ ...person, text: 'slow: 1500\nsay: firstturn' });
    await until(() => bridge.fake.reactions.length >= 1, 'the first turn to start');
    // Both wait for the first turn, then go to the agent as one turn whose answer takes two messages.
    bridge.fake.pushMessage({ ...person, text: `say: gatheredtwo ${FILLER}` });
    bridge.fake.pushMessage({ ...person, text: `say: gatheredthree ${FILLER}` });
    bridge.fake.faults.add({ path: WEBHOOK, status: 500, delayMs: 5_000, after: 2, times: 1 });
    let calls = 0;
    const killed = killWhen(bridge.fake, bridge.kill, (kind, record) => isWebhookCall(kind, record) && ++calls === 3);
    await killed;
    expect(countsOf(bridge.fake, ['firstturn', 'gatheredtwo', 'gatheredthree'])).toEqual({ firstturn: 1, gatheredtwo: 1, gatheredthree: 0 });
    await bridge.restart();
    await expectEachOnce(bridge.fake, ['firstturn', 'gatheredtwo', 'gatheredthree']);
  });

  it('the one moment nothing can cover: DingTalk took a part, and the daemon died before hearing so; that part alone comes twice', async () => {
    const bridge = await killableBridge();
    // DingTalk takes the message, but its response is late: the daemon dies without it.
    bridge.fake.faults.add({ path: WEBHOOK, delayMs: 3_000, times: 1 });
    const killed = killWhen(bridge.fake, bridge.kill, isWebhookCall);
    bridge.ask('unheard');
    await killed;
    await until(() => bridge.fake.outbox.length === 1, 'DingTalk to take the reply of the dead daemon');
    await bridge.restart();
    await until(() => bridge.fake.outbox.length === 2, 'the part sent again');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(countsOf(bridge.fake, ['unheard'])).toEqual({ unheard: 2 });
  });
});
