import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startEngine, type Engine } from '../../../electron/core/engine/engine.js';
import { JsonFileConfigStore } from '../../../electron/core/config/config-store.js';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store.js';
import { JsonSettingsStore } from '../../../electron/core/config/app-settings-store.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { FAST_TIMING, tempDir } from '../platform/dingtalk/harness.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

/**
 * A desktop engine in a fresh data folder with these channels, whose agents see only `bin` on PATH, the way the
 * desktop app passes its login shell's PATH. Closed after each test.
 */
export async function engineWithAgentPath(bin: string, channels: Record<string, Record<string, unknown>> = {}): Promise<Engine> {
  const dataDir = await tempDir();
  const configStore = new JsonFileConfigStore(join(dataDir, 'config.json'));
  await configStore.write({ channels });
  const engine = await startEngine({
    dataDir,
    configStore,
    secrets: await FileSecretStore.open(join(dataDir, 'secrets.json')),
    settings: await JsonSettingsStore.open(join(dataDir, 'settings.json'), dataDir),
    mode: 'desktop',
    version: 'test',
    logger: silentLogger,
    channelTuning: { connectionTiming: FAST_TIMING },
    agentEnv: async () => ({ PATH: bin }),
  });
  engines.push(engine);
  return engine;
}
