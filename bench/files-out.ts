import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelSet } from '../electron/core/engine/channel-set.js';
import { parseConfigObject } from '../electron/core/config/load-config.js';
import { silentLogger } from '../electron/core/base/logger.js';
import { filesToolLaunch } from '../test/core/agents/fake-agent-launch.js';
import { benchChannel } from './bench-channel.js';
import { RemoteSimulator } from './remote-simulator.js';
import { summarize, type Reading, type Summary } from './stats.js';

const KB = 1024;
const MB = 1024 * KB;

/** A 1×1 PNG: the start of the picture sent, the rest of which is a hole (DingTalk's stand-in checks only name and size). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** One kind of file the agent sends, made once in the channel's folder and sent `runs` times. */
interface Sample {
  label: string;
  name: string;
  tool: 'send_image' | 'send_file';
  runs: number;
  make(path: string): Promise<void>;
}

/** A header, then a hole up to `bytes`: what the file holds does not matter, only its name and size. */
const sparse = (header: Buffer | string, bytes: number) => async (path: string) => {
  await writeFile(path, header);
  await truncate(path, bytes);
};

/**
 * `bytes` of words picked at random from a made-up vocabulary of 5,000, in lines of about 80 characters: text that
 * deflate shrinks to about half, not to almost nothing as it would a repeated line. Written a megabyte at a time.
 */
async function randomWords(path: string, bytes: number): Promise<void> {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const vocabulary = Array.from({ length: 5_000 }, () =>
    Array.from({ length: 2 + Math.floor(Math.random() * 9) }, () => letters[Math.floor(Math.random() * letters.length)]).join(''),
  );
  const file = await open(path, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      let chunk = '';
      let line = 0;
      while (chunk.length < Math.min(MB, bytes - written)) {
        const word = vocabulary[Math.floor(Math.random() * vocabulary.length)] ?? '';
        chunk += line + word.length >= 80 ? '\n' : ' ';
        line = line + word.length >= 80 ? 0 : line + word.length + 1;
        chunk += word;
      }
      const buffer = Buffer.from(chunk.slice(0, bytes - written));
      await file.write(buffer);
      written += buffer.length;
    }
  } finally {
    await file.close();
  }
}

const SAMPLES: Sample[] = [
  { label: '100 KB PNG picture', name: 'chart.png', tool: 'send_image', runs: 10, make: sparse(PNG, 100 * KB) },
  { label: '5 MB PDF', name: 'report.pdf', tool: 'send_file', runs: 10, make: sparse('%PDF-1.4\n', 5 * MB) },
  { label: '19 MB PDF', name: 'scan.pdf', tool: 'send_file', runs: 5, make: sparse('%PDF-1.4\n', 19 * MB) },
  { label: '15 MB text, zipped on the way', name: 'notes.txt', tool: 'send_file', runs: 5, make: (path) => randomWords(path, 15 * MB) },
];

/** The sample whose sending the engine's memory is watched over: the largest upload. */
const WATCHED = '19 MB PDF';

/** The highest resident memory of this process (the engine's) while `work` runs, sampled every 5 ms, in bytes. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The whole app in this process (service, channel, the scripted fake agent as a real subprocess with Dingbridge's
 * file tool as its MCP server) against a fake DingTalk in its own process. The agent is asked, one message at a
 * time, to send a file from its folder: each time is from the message pushed to the file's record in DingTalk's
 * outbox (read from the folder, hashed, zipped when it must be, uploaded, sent), on the fake's clock. A first
 * picture opens the agent's session and is left out. Every time includes the fake agent starting the file tool from
 * source (Node with tsx, about 0.3 s) for each call, where a real agent keeps its MCP server running: the floor the
 * picture's row shows. The engine's resident memory is watched while it sends the largest file: its peak over what
 * it held just before.
 */
export async function filesToChat(): Promise<{ summaries: Summary[]; readings: Reading[] }> {
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-bench-cwd-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-bench-'));
  // Made before the app starts, so that making them is in nobody's memory or time.
  for (const sample of SAMPLES) await sample.make(join(cwd, sample.name));
  const remote = await RemoteSimulator.start({ pingIntervalMs: 0 });
  const [app] = remote.apps;
  if (!app) throw new Error('the simulator has no app');
  const service = await ChannelSet.create({ dataDir, logger: silentLogger, filesTool: filesToolLaunch() });
  try {
    await service.load(parseConfigObject({ channels: { bench: benchChannel(remote, app, cwd) } }, 'bench config'));
    await remote.waitFor({ live: 1 }, 30_000);
    let turns = 0;
    /** Asks for one file and waits for the turn to end: the file sent and the agent's answer after it. */
    const send = async (sample: Sample) => {
      const [pushed] = await remote.push([
        { text: `send: ${sample.tool} ${sample.name}`, conversation: { id: 'cidBenchFiles==', type: 'dm' }, sender: { staffId: 'staff1', nick: 'user 1' } },
      ]);
      turns++;
      await remote.waitFor({ files: turns, answers: turns }, 60_000);
      return pushed?.at ?? Number.NaN;
    };
    const [opening] = SAMPLES;
    if (opening) await send(opening);

    const summaries: Summary[] = [];
    const readings: Reading[] = [];
    for (const sample of SAMPLES) {
      const first = turns;
      const runAll = async () => {
        const pushedAt: number[] = [];
        for (let run = 0; run < sample.runs; run++) {
          pushedAt.push(await send(sample));
          process.stderr.write('.');
        }
        return pushedAt;
      };
      const before = process.memoryUsage.rss();
      const { result: pushedAt, peak } = sample.label === WATCHED ? await peakRss(runAll) : { result: await runAll(), peak: before };
      process.stderr.write('\n');
      const sent = (await remote.results()).files.slice(first, turns);
      const wrong = sent.filter((file) => file.name !== (sample.name.endsWith('.txt') ? `${sample.name}.zip` : sample.name));
      if (wrong.length > 0) throw new Error(`expected ${sample.name} to be sent, not ${wrong.map((file) => file.name).join(', ')}`);
      const sizes = sent.map((file) => file.bytes);
      const size = (Math.max(...sizes) / MB).toFixed(1);
      summaries.push(summarize(`${sample.label}${sample.name.endsWith('.txt') ? ` (${size} MB zipped)` : ''}: message → file in the chat`, sent.map((file, run) => file.at - (pushedAt[run] ?? Number.NaN)), 'ms'));
      if (sample.label === WATCHED) readings.push({ name: `engine RSS growth at its highest while sending the ${sample.label} ${sample.runs} times`, value: Math.round(((peak - before) / MB) * 10) / 10, unit: 'MB' });
    }
    return { summaries, readings };
  } finally {
    await service.close();
    await remote.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(cwd, { recursive: true, force: true });
  }
}
