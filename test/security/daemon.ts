import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createClient, type Api } from '../../electron/contract/client.js';
import { wsLink, type WebSocketLike } from '../../electron/contract/ws-link.js';
import { WS_PATH } from '../../electron/contract/ws-protocol.js';
import { simulatorChannelSettings } from '../../electron/core/config/defaults.js';
import { readDaemonInfo } from '../../electron/daemon/daemon-file.js';
import { tempDir, until } from '../core/platform/dingtalk/harness.js';

/** A `dingbridge serve` in a process of its own, as an attacker on this machine or a web page would find it. */
export interface AttackedDaemon {
  process: ChildProcess;
  dataDir: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** The control token, from daemon.json as the CLI reads it: the printed link does not carry it. */
  token: string;
  /** The one-time link of the `UI:` line. */
  link: string;
  /** Everything it has printed on stdout and stderr so far. */
  output(): string;
  /** True while the process runs. */
  alive(): boolean;
  /** The contract over the daemon's WebSocket, with the token, as the window has it. */
  api(): { api: Api; close(): void };
  stop(): Promise<void>;
}

export interface DaemonOptions {
  /** config.json's content; a simulator channel with the demo agent when left out. */
  config?: unknown;
  /** Files to write into the data folder before the start, by relative path. */
  files?: Record<string, string>;
  /** Added to the daemon's environment (which gets a HOME of its own). */
  env?: Record<string, string>;
  dataDir?: string;
  /** Start with no settings file and no `--config`, as a first `dingbridge serve` does; `config` is then left out. */
  firstStart?: boolean;
  /** Modules its Node loads before the daemon (`--import`): what a test plants inside the process. */
  imports?: string[];
}

const DEMO_SIMULATOR = { channels: { simulator: simulatorChannelSettings('demo') } };

/** Starts `dingbridge serve` from the sources, and waits for the line that says where its window is. */
export async function startDaemon(options: DaemonOptions = {}): Promise<AttackedDaemon> {
  const dataDir = options.dataDir ?? (await tempDir());
  const config = join(dataDir, 'config.json');
  if (!options.firstStart) await writeFile(config, JSON.stringify(options.config ?? DEMO_SIMULATOR));
  for (const [path, content] of Object.entries(options.files ?? {})) {
    await mkdir(join(dataDir, path, '..'), { recursive: true });
    await writeFile(join(dataDir, path), content);
  }
  const planted = (options.imports ?? []).flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, ['--import', 'tsx', ...planted, 'electron/daemon/cli.ts', 'serve', ...(options.firstStart ? [] : ['--config', config]), '--data-dir', dataDir, '--port', '0'], {
    env: { ...process.env, HOME: await tempDir(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  child.stderr?.on('data', (chunk) => (out += chunk));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const ui = await until(
    () => {
      if (!alive()) throw new Error(`dingbridge serve exited before it served:\n${out}`);
      return /UI: (http:\/\/127\.0\.0\.1:(\d+)\/\?login=[\w-]+)/.exec(out) ?? undefined;
    },
    'the UI address',
    30_000,
  );
  const port = Number(ui[2]);
  const found = await readDaemonInfo(dataDir);
  if (!found.ok) throw new Error(found.reason);
  const token = found.info.token;
  return {
    process: child,
    dataDir,
    origin: `http://127.0.0.1:${port}`,
    port,
    token,
    link: ui[1] as string,
    output: () => out,
    alive,
    api() {
      const link = wsLink(`ws://127.0.0.1:${port}${WS_PATH}?token=${token}`, (url) => new WebSocket(url) as unknown as WebSocketLike);
      return { api: createClient(link), close: () => link.close() };
    },
    async stop() {
      if (!alive()) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
