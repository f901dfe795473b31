import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchChannel } from './bench-channel.js';
import { startServe, stopServe } from './daemon-process.js';
import { RemoteSimulator } from './remote-simulator.js';
import type { Reading } from './stats.js';

const CHANNELS = ['alpha', 'beta', 'gamma'];

/** Resident memory of one process, as `ps` reports it, in MB. */
async function rssMb(pid: number): Promise<number> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'rss=', '-p', String(pid)]);
  return Number(stdout.trim()) / 1024;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The built daemon (`dingbridge serve`, plain Node), as a user runs it, with one channel per app. */
async function startDaemon(remote: RemoteSimulator, dataDir: string, cwd: string): Promise<ChildProcess> {
  const channels = Object.fromEntries(remote.apps.map((app, i) => [CHANNELS[i], benchChannel(remote, app, cwd)]));
  const config = join(dataDir, 'bench-config.json');
  await writeFile(config, JSON.stringify({ channels }));
  return (await startServe(['--config', config, '--data-dir', dataDir, '--port', '0'])).process;
}

/**
 * Resident memory once it has stopped moving: V8 gives memory back only after a quiet spell (its memory
 * reducer), so a reading right after a burst would count garbage. Waits at least `minMs`, then until two
 * readings five seconds apart agree within half a megabyte.
 */
async function settledRssMb(pid: number, minMs = 20_000, maxMs = 90_000): Promise<number> {
  const started = Date.now();
  let previous = await rssMb(pid);
  for (;;) {
    await settle(5_000);
    process.stderr.write('.');
    const now = await rssMb(pid);
    const waited = Date.now() - started;
    if ((waited >= minMs && Math.abs(now - previous) < 0.5) || waited >= maxMs) {
      process.stderr.write('\n');
      return now;
    }
    previous = now;
  }
}

/** Messages `from`… spread over `conversations` DMs across the apps, each batch answered before the next goes out. */
async function answerMessages(remote: RemoteSimulator, from: number, count: number, conversations: number): Promise<void> {
  const batch = 200;
  for (let sent = 0; sent < count; sent += batch) {
    const size = Math.min(batch, count - sent);
    await remote.push(
      Array.from({ length: size }, (_, i) => {
        const n = from + sent + i;
        const conversation = n % conversations;
        return {
          clientId: remote.apps[conversation % remote.apps.length]?.clientId,
          text: `say: r${n}`,
          conversation: { id: `cidMemory${conversation}==`, type: 'dm' as const },
          sender: { staffId: `staff${conversation}`, nick: `user ${conversation}` },
        };
      }),
    );
    await remote.waitFor({ replies: from + sent + size }, 120_000);
    if ((sent / batch) % 10 === 9) process.stderr.write(`${sent + size} `);
  }
}

/**
 * The headless daemon with three channels, started as `npm run serve` starts it: its resident memory once
 * idle, then after a first 1,000 messages (which compile the hot paths and size the allocator's pools), and
 * after 10,000 more, from 600 conversations so that none meets DingTalk's 20 messages a minute.
 */
export async function daemonMemory(messages = 10_000, warmUp = 1_000, conversations = 600): Promise<Reading[]> {
  const remote = await RemoteSimulator.start({
    apps: CHANNELS.map((name) => ({ clientId: `dingbench${name}`, clientSecret: `bench-${name}-secret` })),
    webhookRateLimitPerMinute: 1_000,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-bench-'));
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-bench-cwd-'));
  const daemon = await startDaemon(remote, dataDir, cwd);
  const pid = daemon.pid ?? 0;
  try {
    await remote.waitFor({ live: CHANNELS.length }, 30_000);
    const idle = await settledRssMb(pid);
    await answerMessages(remote, 0, warmUp, conversations);
    const warm = await settledRssMb(pid);
    let peak = warm;
    const sampler = setInterval(() => void rssMb(pid).then((mb) => (peak = Math.max(peak, mb)), () => undefined), 250);
    await answerMessages(remote, warmUp, messages, conversations);
    clearInterval(sampler);
    const after = await settledRssMb(pid);
    const n = messages.toLocaleString('en');
    return [
      { name: 'daemon RSS, 3 channels idle', value: idle, unit: 'MB', atMost: 80 },
      { name: `daemon RSS after a first ${warmUp.toLocaleString('en')} messages`, value: warm, unit: 'MB' },
      { name: `daemon RSS at its highest while answering ${n} more`, value: peak, unit: 'MB' },
      { name: `daemon RSS after ${n} more`, value: after, unit: 'MB' },
      { name: `daemon RSS growth over those ${n}`, value: after - warm, unit: 'MB', atMost: 10 },
      { name: `daemon RSS growth from idle`, value: after - idle, unit: 'MB' },
    ];
  } finally {
    await stopServe(daemon);
    await remote.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(cwd, { recursive: true, force: true });
  }
}
