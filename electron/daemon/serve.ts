import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';
import { startEngine, type Engine, type EngineOptions } from '../core/engine.js';
import { JsonFileConfigStore } from '../core/config/config-store.js';
import { FileSecretStore } from '../core/secrets/secret-store.js';
import { JsonSettingsStore } from '../core/api/settings-store.js';
import { APP_VERSION } from '../core/version.js';
import { attachWsTransport } from './ws-transport.js';
import { staticFiles } from './static-files.js';
import { removeDaemonInfo, writeDaemonInfo } from './daemon-file.js';

export interface ServeOptions {
  dataDir: string;
  /** Defaults to config.json in the data folder. */
  configFile?: string;
  /** 0 picks a free port. */
  port: number;
  rendererDir: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  channelTuning?: EngineOptions['channelTuning'];
}

export interface RunningDaemon {
  engine: Engine;
  port: number;
  token: string;
  url: string;
  stop(): Promise<void>;
}

/** The headless daemon: the engine in plain Node, the window and the contract on a loopback port. */
export async function serve(options: ServeOptions): Promise<RunningDaemon> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const engine = await startEngine({
    dataDir: options.dataDir,
    configStore: new JsonFileConfigStore(options.configFile ?? join(options.dataDir, 'config.json'), options.configFile !== undefined),
    secrets: await FileSecretStore.open(join(options.dataDir, 'secrets.json')),
    settings: await JsonSettingsStore.open(join(options.dataDir, 'settings.json'), options.dataDir),
    mode: 'headless',
    version: APP_VERSION,
    logger: options.logger,
    env: options.env,
    channelTuning: options.channelTuning,
    strict: true,
  });
  const files = staticFiles(options.rendererDir);
  const server = createServer((request, response) => void files(request, response));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await engine.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `Port ${options.port} is already in use; choose another with --port.` : `Could not listen on 127.0.0.1:${options.port}: ${String(error)}`);
  }
  const port = (server.address() as AddressInfo).port;
  const token = randomBytes(24).toString('hex');
  const detach = attachWsTransport(server, engine, {
    token,
    allowedOrigins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  });
  await writeDaemonInfo(options.dataDir, { pid: process.pid, port, token, startedAt: Date.now(), version: APP_VERSION });
  let stopping: Promise<void> | undefined;
  return {
    engine,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    stop: () =>
      (stopping ??= (async () => {
        await detach();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await engine.close();
        await removeDaemonInfo(options.dataDir);
      })()),
  };
}
