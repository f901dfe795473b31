import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { FakeLlm, lastUserText } from '../test/fakes/openai-llm/fake-llm.js';
import { installQwenCode } from '../test/tools/qwen-code.js';
import { benchChannel } from './bench-channel.js';
import { CLI, startServe, stopServe } from './daemon-process.js';
import { RemoteSimulator } from './remote-simulator.js';
import { summarize, type Reading, type Summary } from './stats.js';

/** As the comparison with Qwen Code's own DingTalk channel was measured: a model that takes 200 ms to answer. */
const MODEL_MS = 200;
/** The words `ask` sends, each one a person's message. */
const TOKEN = /\b(?:cold|warmup|row|p)\d+(?:m\d+)?x\b/;
/**
 * No per-minute limit on a conversation's webhook, as the comparison ran: Qwen Code's channel does not
 * recover from DingTalk's 660026 (with the fake's 20 a minute it lost the 20th answer of 50 in a row), which
 * would end its rows rather than time them.
 */
const FAKE_DINGTALK = { pingIntervalMs: 0, webhookRateLimitPerMinute: 1_000 };
/** Sends Qwen Code's own channel, whose DingTalk hosts are in its code, to the fake DingTalk. */
const HOSTS_HOOK = fileURLToPath(new URL('./dingtalk-hosts.mjs', import.meta.url));

/** Resident memory of a process and everything it started, in MB, as `ps` sees it. */
async function treeRssMb(root: number): Promise<number> {
  const { stdout } = await promisify(execFile)('ps', ['-e', '-o', 'pid=,ppid=,rss=']);
  const rows = stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return rows.filter(([pid]) => tree.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024;
}

/** An app that answers DingTalk with Qwen Code: Dingbridge's daemon, or Qwen Code's own channel. */
interface Bot {
  process: ChildProcess;
  remote: RemoteSimulator;
  /** When the bot's process was started, on this process's performance.now() clock. */
  launchedAt: number;
  /** Resolves once the bot's agent is ready to answer, as its user would be told. */
  agentReady(): Promise<void>;
  stop(): Promise<void>;
}

type StartBot = (qwen: string, llm: FakeLlm) => Promise<Bot>;

const qwenEnv = (llm: FakeLlm, home: string) => ({ OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'fake-key', OPENAI_MODEL: 'fake-model', QWEN_HOME: home, HOME: home });

/** A bot's own folders: its home (settings, Qwen Code's files), its working folder and its data. */
async function tempDirs(prefix: string): Promise<{ home: string; cwd: string; data: string; remove(): Promise<void> }> {
  const make = (kind: string) => mkdtemp(join(tmpdir(), `${prefix}-${kind}-`));
  const dirs = { home: await make('home'), cwd: await make('cwd'), data: await make('data') };
  return {
    ...dirs,
    async remove() {
      await Promise.all(Object.values(dirs).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** The built headless daemon with one channel whose agent is the real Qwen Code, on a fresh data folder. */
const startDingbridge: StartBot = async (qwen, llm) => {
  const remote = await RemoteSimulator.start(FAKE_DINGTALK);
  const [app] = remote.apps;
  if (!app) throw new Error('the simulator has no app');
  const dirs = await tempDirs('dingbridge-bench-qwen');
  const channel = {
    ...benchChannel(remote, app, dirs.cwd),
    permissions: 'deny',
    agent: { preset: 'qwen', command: qwen, args: ['--auth-type', 'openai'], env: qwenEnv(llm, dirs.home) },
  };
  const config = join(dirs.data, 'bench-config.json');
  await writeFile(config, JSON.stringify({ channels: { qwen: channel } }));
  const launchedAt = performance.now();
  const { process: daemon } = await startServe(['--config', config, '--data-dir', dirs.data, '--port', '0']);
  await remote.waitFor({ live: 1 }, 60_000);
  return {
    process: daemon,
    remote,
    launchedAt,
    async agentReady() {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'status', '--data-dir', dirs.data]).catch(() => ({ stdout: '' }));
        if (/agent ready/.test(stdout)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('Qwen Code was not ready within two minutes');
    },
    async stop() {
      await stopServe(daemon);
      await remote.stop();
      await dirs.remove();
    },
  };
};

/**
 * `qwen channel start` with a DingTalk channel open to anyone, its DingTalk hosts (written into its code)
 * sent to the fake by a preloaded module. It starts its agent before it connects, so it is ready once connected.
 */
const startQwenChannel: StartBot = async (qwen, llm) => {
  const remote = await RemoteSimulator.start(FAKE_DINGTALK);
  const [app] = remote.apps;
  if (!app) throw new Error('the simulator has no app');
  const dirs = await tempDirs('dingbridge-bench-qwen-own');
  const channel = { type: 'dingtalk', clientId: app.clientId, clientSecret: app.clientSecret, senderPolicy: 'open', cwd: dirs.cwd };
  await writeFile(join(dirs.home, 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'openai' } }, channels: { bench: channel } }));
  const launchedAt = performance.now();
  const child = spawn(qwen, ['channel', 'start', 'bench'], {
    cwd: dirs.cwd,
    env: { ...process.env, ...qwenEnv(llm, dirs.home), NODE_OPTIONS: `--import ${pathToFileURL(HOSTS_HOOK).href}`, DINGTALK_FAKE_API: remote.endpoints.api, DINGTALK_FAKE_OAPI: remote.endpoints.oapi },
    stdio: ['ignore', 'ignore', 'pipe'],
    // A process group of its own, so stopping it stops the agents it started too.
    detached: true,
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = once(child, 'exit');
  await Promise.race([
    remote.waitFor({ live: 1 }, 60_000),
    exited.then(([code]) => {
      throw new Error(`qwen channel start exited (${code}): ${errors.trim()}`);
    }),
  ]);
  return {
    process: child,
    remote,
    launchedAt,
    agentReady: async () => undefined,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-(child.pid ?? 0), 'SIGTERM');
        await exited;
      }
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // Every process of the group has already exited.
      }
      await remote.stop();
      await dirs.remove();
    },
  };
};

/** Sends `token` as `person`'s message; once the reply is in, how long it took from the push and from the launch. */
async function ask(bot: Bot, token: string, person: number): Promise<{ ms: number; sinceLaunch: number }> {
  const [pushed] = await bot.remote.push([{ text: token, conversation: { id: `cidQwen${person}==`, type: 'dm' }, sender: { staffId: `qwen${person}`, nick: `person ${person}` } }]);
  const pushedHere = performance.now();
  if (!pushed) throw new Error(`${token} could not be sent`);
  // Looked for by its token, as each new reply comes in (waited for in the host, not polled for): with several
  // people writing at once, replies come in any order.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { replies } = await bot.remote.results();
    const reply = replies.find((candidate) => candidate.text.includes(token));
    if (reply) return { ms: reply.at - pushed.at, sinceLaunch: pushedHere - bot.launchedAt + (reply.at - pushed.at) };
    await bot.remote.waitFor({ replies: replies.length + 1 }, Math.max(1, deadline - Date.now()));
  }
}

/**
 * One bot measured as the real-agent issue compared them: the first message the moment DingTalk connects (how
 * long it takes, and how long since the bot was started), the first once its agent is ready, 50 messages one
 * after another, 5 people writing at once, and the peak memory of the bot with its agent.
 */
async function measure(who: string, startBot: StartBot, qwen: string, llm: FakeLlm, coldStarts: number): Promise<{ summaries: Summary[]; readings: Reading[] }> {
  const atConnect: number[] = [];
  const launchToAnswer: number[] = [];
  const atReady: number[] = [];
  for (let start = 0; start < coldStarts; start++) {
    for (const wait of [false, true]) {
      const bot = await startBot(qwen, llm);
      try {
        if (wait) await bot.agentReady();
        const { ms, sinceLaunch } = await ask(bot, `cold${start}x`, 0);
        if (wait) atReady.push(ms);
        else {
          atConnect.push(ms);
          launchToAnswer.push(sinceLaunch);
        }
        process.stderr.write('.');
      } finally {
        await bot.stop();
      }
    }
  }
  const bot = await startBot(qwen, llm);
  let peak = 0;
  const sampler = setInterval(() => {
    void treeRssMb(bot.process.pid ?? 0).then((mb) => (peak = Math.max(peak, mb)), () => undefined);
  }, 250);
  try {
    await ask(bot, 'warmup0x', 1);
    const inARow: number[] = [];
    for (let n = 0; n < 50; n++) inARow.push((await ask(bot, `row${n}x`, 1)).ms);
    process.stderr.write('.');
    const together: number[] = [];
    // Each person writes again as soon as their answer comes; the five write at the same time.
    await Promise.all(
      Array.from({ length: 5 }, async (_, person) => {
        for (let n = 0; n < 10; n++) together.push((await ask(bot, `p${person}m${n}x`, 10 + person)).ms);
      }),
    );
    process.stderr.write('\n');
    return {
      summaries: [
        summarize(`${who}: first message the moment DingTalk connects (${MODEL_MS} ms model)`, atConnect, 'ms'),
        summarize(`${who}: started → answer to a message sent the moment DingTalk connects`, launchToAnswer, 'ms'),
        summarize(`${who}: first message once the agent is ready (${MODEL_MS} ms model)`, atReady, 'ms'),
        summarize(`${who}: 50 messages one after another (${MODEL_MS} ms model)`, inARow, 'ms'),
        summarize(`${who}: 5 people at once, 10 messages each (${MODEL_MS} ms model)`, together, 'ms'),
      ],
      readings: [{ name: `${who}: peak memory of the bot and its agent`, value: Math.round(peak), unit: 'MB' }],
    };
  } finally {
    clearInterval(sampler);
    await bot.stop();
  }
}

/**
 * Dingbridge with Qwen Code as its agent, and beside it, in the same sitting against the same fake DingTalk
 * and the same fake model, Qwen Code's own DingTalk channel (`qwen channel start`).
 */
export async function qwenChannel(coldStarts = 3): Promise<{ summaries: Summary[]; readings: Reading[] }> {
  const qwen = await installQwenCode();
  const llm = new FakeLlm();
  llm.answerDelayMs = MODEL_MS;
  // The benchmark's token back, wherever the message has it: Qwen Code's channel writes who sent it after the
  // text, and a first prompt carries Qwen Code's own long preamble, which an echo would send back as the answer.
  llm.responder = (messages) => `You said: ${TOKEN.exec(lastUserText(messages))?.[0] ?? 'nothing'}`;
  await llm.start();
  try {
    const ours = await measure('Qwen Code in Dingbridge', startDingbridge, qwen, llm, coldStarts);
    const theirs = await measure("Qwen Code's own channel", startQwenChannel, qwen, llm, coldStarts);
    return { summaries: [...ours.summaries, ...theirs.summaries], readings: [...ours.readings, ...theirs.readings] };
  } finally {
    await llm.stop();
  }
}
