import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelSet } from '../electron/core/engine/channel-set.js';
import { parseConfigObject } from '../electron/core/config/load-config.js';
import { silentLogger } from '../electron/core/base/logger.js';
import { benchChannel } from './bench-channel.js';
import { RemoteSimulator, type Results } from './remote-simulator.js';
import { atMost, summarize, type Reading, type Summary } from './stats.js';

interface Bridge {
  remote: RemoteSimulator;
  service: ChannelSet;
  close(): Promise<void>;
}

/**
 * The whole app (service, channel, access control, event log on disk, the scripted fake agent as a real
 * subprocess) against a fake DingTalk in its own process; `webhookRateLimitPerMinute` is DingTalk's limit on a
 * conversation's webhook, high by default so that only the rows about it meet it.
 */
async function startBridge(webhookRateLimitPerMinute = 1_000): Promise<Bridge> {
  const remote = await RemoteSimulator.start({ pingIntervalMs: 0, webhookRateLimitPerMinute });
  const [app] = remote.apps;
  if (!app) throw new Error('the simulator has no app');
  const dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-bench-'));
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-bench-cwd-'));
  const service = await ChannelSet.create({ dataDir, logger: silentLogger });
  await service.load(parseConfigObject({ channels: { bench: benchChannel(remote, app, cwd) } }, 'bench config'));
  await remote.waitFor({ live: 1 }, 30_000);
  return {
    remote,
    service,
    close: async () => {
      await service.close();
      await remote.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

/** Message pushed → its reply received, both on the fake's clock; replies are matched by the token they echo. */
function latencies(pushed: { token: string; at: number }[], replies: Results['replies']): { values: number[]; lost: number; duplicated: number } {
  const byToken = new Map<string, number[]>();
  for (const reply of replies) {
    const token = /r\d+/.exec(reply.text)?.[0];
    if (token) byToken.set(token, [...(byToken.get(token) ?? []), reply.at]);
  }
  const values: number[] = [];
  let lost = 0;
  let duplicated = 0;
  for (const { token, at } of pushed) {
    const times = byToken.get(token) ?? [];
    if (times.length === 0) lost++;
    if (times.length > 1) duplicated += times.length - 1;
    if (times[0] !== undefined) values.push(times[0] - at);
  }
  return { values, lost, duplicated };
}

const message = (token: string, conversation: number) => ({
  text: `say: ${token}`,
  conversation: { id: `cidBench${conversation}==`, type: 'dm' as const },
  sender: { staffId: `staff${conversation}`, nick: `user ${conversation}` },
});

/**
 * The bridge's own share of a reply, one message at a time: the agent answers at once, so what is measured
 * is everything else. Each conversation's first message opens its agent session and is left out.
 */
export async function replyOneAtATime(conversations = 20, perConversation = 10): Promise<Summary> {
  const bridge = await startBridge();
  try {
    let counter = 0;
    const send = async (conversation: number) => {
      const token = `r${counter++}`;
      const [pushed] = await bridge.remote.push([message(token, conversation)]);
      await bridge.remote.waitFor({ replies: counter }, 30_000);
      return { token, at: pushed?.at ?? NaN };
    };
    for (let c = 0; c < conversations; c++) await send(c);
    await bridge.remote.reset();
    counter = 0;
    const pushed: { token: string; at: number }[] = [];
    for (let round = 1; round < perConversation; round++) {
      for (let c = 0; c < conversations; c++) pushed.push(await send(c));
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    const { values } = latencies(pushed, (await bridge.remote.results()).replies);
    return summarize('message → reply, one at a time', values, 'ms', [atMost('p50', 10), atMost('p99', 30)]);
  } finally {
    await bridge.close();
  }
}

/** `conversations` people each sending `perConversation` messages at once: every one answered exactly once? */
export async function replyUnderLoad(conversations = 50, perConversation = 20): Promise<{ summary: Summary; readings: Reading[] }> {
  const bridge = await startBridge();
  try {
    const total = conversations * perConversation;
    const batch = Array.from({ length: total }, (_, i) => message(`r${i}`, i % conversations));
    const pushed = await bridge.remote.push(batch);
    await bridge.remote.waitFor({ replies: total }, 120_000).catch((error: unknown) => process.stderr.write(`${String(error)}\n`));
    // Anything late or doubled would show up now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const { values, lost, duplicated } = latencies(
      pushed.map((p, i) => ({ token: `r${i}`, at: p.at })),
      (await bridge.remote.results()).replies,
    );
    const name = `${conversations} conversations × ${perConversation} messages at once`;
    return {
      summary: summarize(`${name}: message → reply`, values, 'ms'),
      readings: [
        { name: `${name}: replies lost`, value: lost, unit: 'count', atMost: 0 },
        { name: `${name}: replies duplicated`, value: duplicated, unit: 'count', atMost: 0 },
      ],
    };
  } finally {
    await bridge.close();
  }
}

/**
 * One person sending `messages` messages one after another, each once the last is answered, with DingTalk's
 * 20-a-minute limit on the conversation's webhook on or off: every answer should arrive, and none wait on a
 * limit DingTalk has not shown. The first message opens the agent session and is left out.
 */
export async function replyInARow(rateLimited: boolean, messages = 50): Promise<{ summary: Summary; readings: Reading[] }> {
  const bridge = await startBridge(rateLimited ? 20 : 1_000);
  try {
    const send = async (n: number) => {
      const token = `r${n}`;
      const [pushed] = await bridge.remote.push([message(token, 0)]);
      await bridge.remote.waitFor({ replies: n + 1 }, 120_000);
      return { token, at: pushed?.at ?? NaN };
    };
    const pushed: { token: string; at: number }[] = [];
    for (let n = 0; n <= messages; n++) {
      const sent = await send(n);
      if (n > 0) pushed.push(sent);
      if (n % 10 === 0) process.stderr.write('.');
    }
    process.stderr.write('\n');
    const { values, lost, duplicated } = latencies(pushed, (await bridge.remote.results()).replies);
    const name = `${messages} messages in a row, one person, ${rateLimited ? 'webhook limited to 20 a minute' : 'no webhook limit'}`;
    return {
      summary: summarize(`${name}: message → reply`, values, 'ms', [atMost('p99', rateLimited ? 3_000 : 30)]),
      readings: [
        { name: `${name}: replies lost`, value: lost, unit: 'count', atMost: 0 },
        { name: `${name}: replies duplicated`, value: duplicated, unit: 'count', atMost: 0 },
      ],
    };
  } finally {
    await bridge.close();
  }
}

