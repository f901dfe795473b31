import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeLlm } from '../test/fakes/openai-llm/fake-llm.js';
import { installQwenCode } from '../test/tools/qwen-code.js';
import { benchChannel } from './bench-channel.js';
import { CLI, startServe, stopServe } from './daemon-process.js';
import { RemoteSimulator } from './remote-simulator.js';
import { summarize, type Reading, type Summary } from './stats.js';

/** As the comparison with Qwen Code's own DingTalk channel was measured: a model that takes 200 ms to answer. */
const MODEL_MS = 200;

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

interface Daemon {
  process: ChildProcess;
  remote: RemoteSimulator;
  /** Resolves once `dingbridge status` says the channel's agent is ready, as the window would show it. */
  agentReady(): Promise<void>;
  /** Sends `token` as `person`'s message; resolves with push → reply, in ms, once the reply is in. */
  ask(token: string, person: number): Promise<number>;
  stop(): Promise<void>;
}

/** The built headless daemon with one channel whose agent is the real Qwen Code, on a fresh data folder. */
async function startDaemon(qwen: string, llm: FakeLlm): Promise<Daemon> {
  const remote = await RemoteSimulator.start({ pingIntervalMs: 0 });
  const [app] = remote.apps;
  if (!app) throw new Error('the simulator has no app');
  const dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-bench-qwen-'));
  const home = await mkdtemp(join(tmpdir(), 'dingbridge-bench-qwen-home-'));
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-bench-qwen-cwd-'));
  const channel = {
    ...benchChannel(remote, app, cwd),
    permissions: 'deny',
    agent: {
      preset: 'qwen',
      command: qwen,
      args: ['--auth-type', 'openai'],
      env: { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'fake-key', OPENAI_MODEL: 'fake-model', QWEN_HOME: home, HOME: home },
    },
  };
  const config = join(dataDir, 'bench-config.json');
  await writeFile(config, JSON.stringify({ channels: { qwen: channel } }));
  const { process: daemon } = await startServe(['--config', config, '--data-dir', dataDir, '--port', '0']);
  await remote.waitFor({ live: 1 }, 60_000);
  return {
    process: daemon,
    remote,
    async agentReady() {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'status', '--data-dir', dataDir]).catch(() => ({ stdout: '' }));
        if (/agent ready/.test(stdout)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('Qwen Code was not ready within two minutes');
    },
    async ask(token, person) {
      const [pushed] = await remote.push([{ text: token, conversation: { id: `cidQwen${person}==`, type: 'dm' }, sender: { staffId: `qwen${person}`, nick: `person ${person}` } }]);
      if (!pushed) throw new Error(`${token} could not be sent`);
      // Looked for by its token, as each new reply comes in (waited for in the host, not polled for): with several
      // people writing at once, replies come in any order.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const { replies } = await remote.results();
        const reply = replies.find((candidate) => candidate.text.includes(token));
        if (reply) return reply.at - pushed.at;
        await remote.waitFor({ replies: replies.length + 1 }, Math.max(1, deadline - Date.now()));
      }
    },
    async stop() {
      await stopServe(daemon);
      await remote.stop();
      await Promise.all([dataDir, home, cwd].map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/**
 * The rows the real-agent issue compared with Qwen Code's own channel (`qwen channel start`), same fake model:
 * the first message right after the channel connects, 50 messages one after another, 5 people writing at
 * once, and the peak memory of the daemon with its agent.
 */
export async function qwenChannel(coldStarts = 3): Promise<{ summaries: Summary[]; readings: Reading[] }> {
  const qwen = await installQwenCode();
  const llm = new FakeLlm();
  llm.answerDelayMs = MODEL_MS;
  await llm.start();
  try {
    const atConnect: number[] = [];
    const atReady: number[] = [];
    for (let start = 0; start < coldStarts; start++) {
      for (const [samples, wait] of [
        [atConnect, false],
        [atReady, true],
      ] as const) {
        const daemon = await startDaemon(qwen, llm);
        try {
          if (wait) await daemon.agentReady();
          samples.push(await daemon.ask(`cold${start}x`, 0));
          process.stderr.write('.');
        } finally {
          await daemon.stop();
        }
      }
    }
    const daemon = await startDaemon(qwen, llm);
    let peak = 0;
    const sampler = setInterval(() => {
      void treeRssMb(daemon.process.pid ?? 0).then((mb) => (peak = Math.max(peak, mb)), () => undefined);
    }, 250);
    try {
      await daemon.ask('warmup0x', 1);
      const inARow: number[] = [];
      for (let n = 0; n < 50; n++) inARow.push(await daemon.ask(`row${n}x`, 1));
      process.stderr.write('.');
      const together: number[] = [];
      // Each person writes again as soon as their answer comes; the five write at the same time.
      await Promise.all(
        Array.from({ length: 5 }, async (_, person) => {
          for (let n = 0; n < 10; n++) together.push(await daemon.ask(`p${person}m${n}x`, 10 + person));
        }),
      );
      process.stderr.write('\n');
      return {
        summaries: [
          summarize(`Qwen Code: first message the moment DingTalk connects (${MODEL_MS} ms model)`, atConnect, 'ms'),
          summarize(`Qwen Code: first message once the agent is ready (${MODEL_MS} ms model)`, atReady, 'ms'),
          summarize(`Qwen Code: 50 messages one after another (${MODEL_MS} ms model)`, inARow, 'ms'),
          summarize(`Qwen Code: 5 people at once, 10 messages each (${MODEL_MS} ms model)`, together, 'ms'),
        ],
        readings: [{ name: 'Qwen Code: peak memory of the daemon and its agent', value: Math.round(peak), unit: 'MB' }],
      };
    } finally {
      clearInterval(sampler);
      await daemon.stop();
    }
  } finally {
    await llm.stop();
  }
}
