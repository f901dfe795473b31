import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelSet } from '../electron/core/engine/channel-set.js';
import { parseConfigObject } from '../electron/core/config/load-config.js';
import { silentLogger } from '../electron/core/base/logger.js';
import { FakeLlm } from '../test/fakes/openai-llm/fake-llm.js';
import { installQwenCode } from '../test/tools/qwen-code.js';
import { benchChannel } from './bench-channel.js';
import { RemoteSimulator } from './remote-simulator.js';
import { atMost, summarize, type Summary } from './stats.js';

type Style = 'markdown' | 'card';

/** An agent as a channel runs it, and the message that makes it write an answer over a while. */
interface Writer {
  label: string;
  agent: Record<string, unknown>;
  message(token: string): string;
}

/** The card's interval, DingTalk's default one: first text is due within it of the model's first words. */
const INTERVAL_MS = 1_000;

/**
 * One bridge (the whole app, in this process) with one channel answering in `style`, against a fake DingTalk in a
 * process of its own; the turns go one at a time, each in the same conversation after a first that opens it.
 */
async function timesToFirstText(style: Style, writer: Writer, turns: number): Promise<number[]> {
  const remote = await RemoteSimulator.start({ pingIntervalMs: 0 });
  const [app] = remote.apps;
  if (!app) throw new Error('the simulator has no app');
  const dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-bench-'));
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-bench-cwd-'));
  const service = await ChannelSet.create({ dataDir, logger: silentLogger });
  try {
    const channel = benchChannel(remote, app, cwd);
    const dingtalk = { ...(channel.dingtalk as Record<string, unknown>), card: { intervalMs: INTERVAL_MS } };
    await service.load(parseConfigObject({ channels: { bench: { ...channel, ...writer.agent, dingtalk, replyStyle: style } } }, 'bench config'));
    await remote.waitFor({ live: 1 }, 60_000);
    const pushedAt: number[] = [];
    for (let turn = 0; turn <= turns; turn++) {
      const [pushed] = await remote.push([{ text: writer.message(`r${turn}`), conversation: { id: 'cidBenchCards==', type: 'dm' }, sender: { staffId: 'staff1', nick: 'user 1' } }]);
      pushedAt.push(pushed?.at ?? Number.NaN);
      // The next message only once this answer is complete, so each turn is measured on its own.
      await remote.waitFor(style === 'card' ? { cardTexts: turn + 1, cardsEnded: turn + 1 } : { replies: turn + 1 }, 120_000);
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    const results = await remote.results();
    const seenAt = (style === 'card' ? results.cardTexts : results.replies).map((seen) => seen.at);
    // The first turn also opens the agent's session: left out.
    return seenAt.slice(1).map((at, turn) => at - (pushedAt[turn + 1] ?? Number.NaN));
  } finally {
    await service.close();
    await remote.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(cwd, { recursive: true, force: true });
  }
}

async function compare(writer: Writer, turns: number): Promise<Summary[]> {
  const card = await timesToFirstText('card', writer, turns);
  const markdown = await timesToFirstText('markdown', writer, turns);
  return [
    summarize(`${writer.label}: message → first text in an AI card`, card, 'ms', [atMost('p99', INTERVAL_MS)]),
    summarize(`${writer.label}: message → the markdown reply`, markdown, 'ms'),
  ];
}

/** The scripted fake agent writing its answer over 1.5 s: its first words at once, the rest after a pause. */
export function firstTextFakeAgent(turns = 20): Promise<Summary[]> {
  return compare({ label: 'fake agent, answer written over 1.5 s', agent: {}, message: (token) => `say: ${token}\nslow: 1500\nsay: and the rest of the answer` }, turns);
}

/** The real Qwen Code, its model (a local fake) writing 40 words at 50 ms each, as a fast real model does. */
export async function firstTextQwen(turns = 5): Promise<Summary[]> {
  const llm = new FakeLlm();
  llm.wordDelayMs = 50;
  llm.responder = () => Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  await llm.start();
  const home = await mkdtemp(join(tmpdir(), 'dingbridge-bench-qwen-home-'));
  try {
    const env = { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'fake-key', OPENAI_MODEL: 'fake-model', QWEN_HOME: home, HOME: home };
    const agent = { permissions: 'deny', agent: { preset: 'qwen', command: await installQwenCode(), args: ['--auth-type', 'openai'], env } };
    return await compare({ label: 'Qwen Code, 40 words at 50 ms each', agent, message: (token) => `answer ${token}` }, turns);
  } finally {
    await llm.stop();
    await rm(home, { recursive: true, force: true });
  }
}
