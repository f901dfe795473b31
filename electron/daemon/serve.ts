import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { access, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/base/logger.js';
import { startEngine, type Engine, type EngineOptions } from '../core/engine/engine.js';
import { JsonFileConfigStore } from '../core/config/config-store.js';
import { ConfigError } from '../core/config/config-errors.js';
import { FileSecretStore } from '../core/secrets/secret-store.js';
import { JsonSettingsStore } from '../core/config/app-settings-store.js';
import { APP_VERSION } from '../core/base/version.js';
import { attachWsTransport } from './ws-transport.js';
import { staticFiles } from './static-files.js';
import { windowLogin, type WindowLogin } from './window-login.js';
import { loginLinkRequests } from './login-link.js';
import { removeDaemonInfo, writeDaemonInfo } from './daemon-file.js';
import { lockDataFolder } from './data-folder-lock.js';
import { registerRunningDaemon } from './daemon-registry.js';
import { detectAgents, type DetectedAgent } from '../core/agents/detect.js';
import { firstUsablePreset } from '../core/agents/detected-agent.js';
import { SIMULATOR_CHANNEL_NAME, simulatorChannelSettings } from '../core/config/defaults.js';
import { makePrivateFolder } from '../core/base/private-files.js';

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
  /** How agents start the file tool; without it they send files only by markers and content in their answers. */
  filesTool?: EngineOptions['filesTool'];
  /** Which agents are installed; injected by tests. */
  detect?: () => Promise<DetectedAgent[]>;
  /** Where running daemons are listed for the CLI to find; tests use their own. */
  registryDir?: string;
  /** Without a config, start with a simulator channel (the default) or with none. */
  firstRunSimulator?: boolean;
  /** How long an unopened link to the window works; tests make it 0 to have one that expired. */
  linkLifetimeMs?: number;
}

/**
 * A first start with no config gets a simulator channel, so the window shows a working pipeline at once: with the
 * first agent that can start a session, else the demo agent (one that is installed but logged out would only
 * answer every message with a login error).
 */
async function seedSimulatorConfig(file: string, detect: () => Promise<DetectedAgent[]>): Promise<void> {
  if (await access(file).then(() => true, () => false)) return;
  const store = new JsonFileConfigStore(file);
  await store.write({ channels: { [SIMULATOR_CHANNEL_NAME]: simulatorChannelSettings(firstUsablePreset(await detect())) } });
}

/**
 * A `--config` file that does not exist yet is created with no channels, so the README's first command works and
 * channels added in the window are saved there. One that exists is never touched; a missing folder is an error
 * (a mistyped path should not make folders).
 */
async function createMissingConfig(file: string): Promise<boolean> {
  try {
    await writeFile(file, '{\n  "channels": {}\n}\n', { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    const why =
      code === 'ENOENT'
        ? `does not exist, and cannot be created there: the folder ${dirname(file)} does not exist`
        : `does not exist, and cannot be created: ${(error as Error).message}`;
    throw new ConfigError([{ path: '(file)', message: why }], file);
  }
}

/**
 * The daemon's HTTP requests: the CLI's request for a new link, a link's code swapped for a cookie, else the
 * window's files; a failure answers 500 and is logged.
 */
function windowRequests(links: ReturnType<typeof loginLinkRequests>, login: WindowLogin, files: ReturnType<typeof staticFiles>, logger: Logger) {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (links(request, response) || login.exchange(request, response)) return;
    files(request, response).catch((error: unknown) => {
      logger.error('A request for the window failed', { url: request.url, error: error instanceof Error ? error.stack : String(error) });
      if (!response.headersSent) response.writeHead(500).end('Internal error');
      else response.destroy();
    });
  };
}

export interface RunningDaemon {
  engine: Engine;
  /** The `--config` file this start created because it did not exist. */
  createdConfig?: string;
  port: number;
  /** For the CLI's WebSocket; it never logs a browser in. */
  token: string;
  /** A new link that opens the window once (`http://127.0.0.1:PORT/?login=<code>`). */
  windowLink(): string;
  stop(): Promise<void>;
}

/** The headless daemon: the engine in plain Node, the window and the contract on a loopback port. */
export async function serve(options: ServeOptions): Promise<RunningDaemon> {
  // At every start, not only the first: a folder that already existed may be open to every local user.
  await makePrivateFolder(options.dataDir);
  const lock = await lockDataFolder(options.dataDir);
  try {
    const daemon = await serveOnFolder(options);
    let stopping: Promise<void> | undefined;
    return { ...daemon, stop: () => (stopping ??= daemon.stop().finally(() => lock.release())) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function serveOnFolder(options: ServeOptions): Promise<RunningDaemon> {
  if (!options.configFile && options.firstRunSimulator !== false) await seedSimulatorConfig(join(options.dataDir, 'config.json'), options.detect ?? detectAgents);
  const createdConfig = options.configFile !== undefined && (await createMissingConfig(options.configFile)) ? options.configFile : undefined;
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
    detect: options.detect,
    ...(options.filesTool ? { filesTool: options.filesTool } : {}),
    strict: true,
  });
  const server = createServer();
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
  const login = windowLogin(port, options.linkLifetimeMs);
  const newLink = () => {
    const { path, expiresAt } = login.newLink();
    return { url: `http://127.0.0.1:${port}${path}`, expiresAt };
  };
  server.on('request', windowRequests(loginLinkRequests(token, newLink), login, staticFiles(options.rendererDir), options.logger));
  const detach = attachWsTransport(server, engine, {
    token,
    allowedOrigins: () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
    hasWindowCookie: login.admits,
  });
  await writeDaemonInfo(options.dataDir, { pid: process.pid, port, token, startedAt: Date.now(), version: APP_VERSION });
  const unregister = await registerRunningDaemon(options.dataDir, options.registryDir);
  let stopping: Promise<void> | undefined;
  return {
    engine,
    ...(createdConfig ? { createdConfig } : {}),
    port,
    token,
    windowLink: () => newLink().url,
    stop: () =>
      (stopping ??= (async () => {
        await detach();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await engine.close();
        await removeDaemonInfo(options.dataDir);
        await unregister();
      })()),
  };
}
