import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { DingTalkSimulator, GATEWAY_PATH } from '../electron/core/platform/simulator/dingtalk/index.js';
import type { ResolvedApp } from '../electron/core/platform/simulator/dingtalk/types.js';
import { ROBOT_TOPIC } from '../electron/core/platform/dingtalk/stream-frame.js';
import { DingTalkBot } from '../electron/core/platform/dingtalk/dingtalk-bot.js';
import { EndpointsSchema } from '../electron/core/platform/dingtalk/endpoints.js';
import { RemoteSimulator } from './remote-simulator.js';
import { atMost, summarize, type Summary } from './stats.js';

/** Waits for `probe`, printing a dot every second so a long wait shows it is alive. */
async function until(probe: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  let dots = 0;
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const seconds = Math.floor((Date.now() - started) / 1000);
    if (seconds > dots) {
      dots = seconds;
      process.stderr.write('.');
    }
  }
  if (dots) process.stderr.write('\n');
  return Date.now() - started;
}

async function withBot<T>(fakeOptions: ConstructorParameters<typeof DingTalkSimulator>[0], run: (fake: DingTalkSimulator, bot: DingTalkBot) => Promise<T>): Promise<T> {
  const fake = new DingTalkSimulator(fakeOptions);
  await fake.start();
  const bot = await DingTalkBot.create({
    credentials: { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret, robotCode: fake.app.clientId },
    endpoints: EndpointsSchema.parse(fake.endpoints),
  });
  try {
    bot.start();
    await until(() => bot.state.status === 'connected', 10_000, 'the first connection');
    return await run(fake, bot);
  } finally {
    await bot.stop();
    await fake.stop();
  }
}

const live = (fake: DingTalkSimulator) => fake.connections().filter((c) => c.state === 'live');

type Acker = { stop(): Promise<void> };

/** Our bot: the SDK client with the bridge's own handling behind it. */
async function startBridge(remote: RemoteSimulator, app: ResolvedApp): Promise<Acker> {
  // With its data folder, as a channel runs it: each message is written down before its ACK.
  const dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-bench-ack-'));
  const bot = await DingTalkBot.create({
    credentials: { clientId: app.clientId, clientSecret: app.clientSecret, robotCode: app.robotCode },
    endpoints: EndpointsSchema.parse(remote.endpoints),
    dataDir,
  });
  // As the channel does once a message is safe in its journal (or owed nothing).
  bot.on('message', (envelope) => bot.handedOn(envelope.msgId));
  bot.start();
  return {
    stop: async () => {
      await bot.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The least any client can do: a bare WebSocket that ACKs each frame and nothing else. */
async function startBareClient(remote: RemoteSimulator, app: ResolvedApp): Promise<Acker> {
  const response = await fetch(`${remote.endpoints.api}${GATEWAY_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: app.clientId, clientSecret: app.clientSecret, subscriptions: [{ type: 'CALLBACK', topic: ROBOT_TOPIC }] }),
  });
  const { endpoint, ticket } = (await response.json()) as { endpoint: string; ticket: string };
  const socket = new WebSocket(`${endpoint}?ticket=${ticket}`);
  socket.on('message', (raw) => {
    const { headers } = JSON.parse(String(raw)) as { headers: { messageId: string } };
    socket.send(JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId: headers.messageId }, message: 'OK', data: '{}' }));
  });
  return {
    stop: async () => {
      socket.close();
      await once(socket, 'close');
    },
  };
}

/**
 * ACK latency as DingTalk sees it (frame written → ACK read back), with messages arriving `burst` at a time.
 * The fake runs in its own process, as DingTalk would, so only the client's work and the machine's own
 * scheduling are inside the number. The first `warmUp` messages are reported apart: they include
 * compiling the code paths once.
 */
async function ackLatencies(client: 'bridge' | 'bare', burst: number, messages: number, warmUp: number): Promise<{ cold: number[]; warm: number[] }> {
  const remote = await RemoteSimulator.start({ pingIntervalMs: 0 });
  const [app] = remote.apps;
  if (!app) throw new Error('the simulator has no app');
  const acker = await (client === 'bridge' ? startBridge : startBareClient)(remote, app);
  const pushInBursts = async (count: number) => {
    for (let sent = 0; sent < count; sent += burst) {
      const batch = Array.from({ length: Math.min(burst, count - sent) }, (_, i) => ({ text: `bench ${sent + i}`, sender: { staffId: `u${(sent + i) % 50}` } }));
      await remote.push(batch);
      await remote.waitFor({ acks: sent + batch.length }, 10_000);
    }
    const { ackLatencies: latencies } = await remote.results();
    await remote.reset();
    return latencies;
  };
  try {
    await remote.waitFor({ live: 1 }, 10_000);
    return { cold: await pushInBursts(warmUp), warm: await pushInBursts(messages) };
  } finally {
    await acker.stop();
    await remote.stop();
  }
}

export async function ackLatency(burst: number, messages = 2_000, warmUp = 200): Promise<Summary[]> {
  const { cold, warm } = await ackLatencies('bridge', burst, messages, warmUp);
  return [
    summarize(`ACK latency, ${burst} at a time, first ${warmUp} (cold)`, cold, 'ms'),
    summarize(`ACK latency, ${burst} at a time`, warm, 'ms', [atMost('p99', 5)]),
  ];
}

/** The same for the bare client: what this machine adds to any ACK, for comparison. */
export async function ackFloor(burst: number, messages = 2_000, warmUp = 200): Promise<Summary> {
  const { warm } = await ackLatencies('bare', burst, messages, warmUp);
  return summarize(`bare WebSocket client ACK, ${burst} at a time`, warm, 'ms');
}

/** SYSTEM disconnect → a new live connection, with the default (production) timing. */
export async function reconnectAfterDisconnect(rounds = 20): Promise<Summary> {
  return withBot({ pingIntervalMs: 0 }, async (fake) => {
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [current] = live(fake);
      const asked = Date.now();
      fake.disconnect(current?.id);
      await until(() => live(fake).some((c) => c.id !== current?.id), 5_000, 'the replacement');
      times.push(Date.now() - asked);
    }
    return summarize('disconnect → connected', times, 'ms', [atMost('max', 2_000)]);
  });
}

/** A socket that goes silent → replaced, with the default timing; `answerPings` picks the kind of zombie. */
export async function zombieReplacement(answerPings: boolean): Promise<Summary> {
  return withBot({ pingIntervalMs: answerPings ? 20_000 : 0 }, async (fake) => {
    if (answerPings) await until(() => fake.pings.some((p) => p.echoOk), 30_000, 'a SYSTEM ping');
    const [zombie] = live(fake);
    const started = Date.now();
    fake.zombify(zombie?.id, { answerPings });
    process.stderr.write(`zombie (${answerPings ? 'answers pings' : 'silent'}) `);
    await until(() => live(fake).some((c) => c.id !== zombie?.id), 90_000, 'the replacement');
    return summarize(`zombie ${answerPings ? 'answering pings' : 'fully silent'} → replaced`, [Date.now() - started], 'ms', [atMost('max', 60_000)]);
  });
}

/** A socket DingTalk never sends a frame on, not even its first SYSTEM ping, while it answers WebSocket pings → replaced. */
export async function silentFromTheStart(): Promise<Summary> {
  return withBot({ pingIntervalMs: 0 }, async (fake) => {
    const [first] = live(fake);
    const openedAt = first?.openedAt ?? Date.now();
    process.stderr.write('silent from the start ');
    await until(() => live(fake).some((c) => c.id !== first?.id), 90_000, 'the replacement');
    return summarize('silent before its first SYSTEM ping, answering pings → replaced', [Date.now() - openedAt], 'ms', [atMost('max', 60_000)]);
  });
}
