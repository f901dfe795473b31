import { createDispatcher } from '../../contract/dispatch.js';
import { checkEvent } from '../../contract/dispatch.js';
import type { EventName } from '../../contract/contract.js';
import type { Result } from '../../contract/errors.js';
import type { Logger } from '../base/logger.js';
import { ChannelSet, type ChannelSetOptions } from './channel-set.js';
import { ConfigManager } from '../config/config-manager.js';
import { ConfigError } from '../config/config-errors.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { ConfigStore } from '../config/config-store.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SettingsStore } from '../config/app-settings-store.js';
import { createHandlers, forwardEvents, type EngineApiOptions } from './engine-api.js';
import type { DetectedAgent } from '../agents/detect.js';
import type { AgentEnvProvider } from '../agents/agent-process.js';
import { cleanedAgentEnv } from '../agents/agent-env.js';

export interface EngineOptions {
  dataDir: string;
  configStore: ConfigStore;
  secrets: SecretStore;
  settings: SettingsStore;
  mode: 'desktop' | 'headless';
  version: string;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  channelTuning?: ChannelSetOptions['channelTuning'];
  setStartAtLogin?: (enabled: boolean) => Promise<void>;
  detect?: () => Promise<DetectedAgent[]>;
  /**
   * The environment agents are detected and started with, before Dingbridge's own variables and those its secret
   * settings refer to are taken out; defaults to this process's. The desktop app passes its login shell's PATH,
   * since one started from a launcher or Finder has too short a PATH to find them.
   */
  agentEnv?: AgentEnvProvider;
  /**
   * How agents start the file tool (dist/mcp/send-files.js with a plain Node), with which they send files to the
   * chat; without it they send files only by markers and content in their answers.
   */
  filesTool?: ChannelSetOptions['filesTool'];
  /** Refuse to start when any channel's settings are wrong (headless: there is no window to show them in). */
  strict?: boolean;
}

export type EventListener = (name: EventName, payload: unknown) => void;

/** Everything a shell needs: the running service, and the contract as one dispatch function and one event feed. */
export interface Engine {
  service: ChannelSet;
  config: ConfigManager;
  dispatch(name: unknown, input: unknown): Promise<Result>;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Loads the config (a config that is wrong as a whole is thrown, with every problem), then starts enabled channels. */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const config = new ConfigManager(options.configStore, options.secrets, options.env, options.dataDir);
  const loaded = await config.load();
  // Before a refusal to start too: a typo is often why a required setting is missing.
  warnOfUnknownSettings(loaded, options.configStore.source, options.logger);
  const problems = Object.values(loaded.invalid).flat();
  if (options.strict && problems.length) throw new ConfigError(problems, options.configStore.source);
  warnOfPlainAgentEnv(config, options.logger);
  const agentEnv = cleanedAgentEnv(options.agentEnv, () => config.variablesSecretsReferTo());
  const service = await ChannelSet.create({
    dataDir: options.dataDir,
    logger: options.logger,
    channelTuning: options.channelTuning,
    agentEnv,
    ...(options.filesTool ? { filesTool: options.filesTool } : {}),
  });
  const apiOptions: EngineApiOptions = { ...options, agentEnv, service, config };
  const dispatch = createDispatcher(createHandlers(apiOptions));
  const listeners = new Set<EventListener>();
  const stopForwarding = forwardEvents(apiOptions, (name, payload) => {
    const checked = checkEvent(name, payload);
    for (const listener of listeners) listener(name, checked);
  });
  await service.load(loaded);
  return {
    service,
    config,
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      stopForwarding();
      listeners.clear();
      await service.close();
    },
  };
}

/** Keys no setting has do nothing; said once at start, each with the setting it most likely meant. */
function warnOfUnknownSettings(loaded: LoadedConfig, source: string, logger: Logger): void {
  for (const { path, message } of [...loaded.unknownFileKeys, ...Object.values(loaded.unknownSettings).flat()]) logger.warn(`${path} ${message}`, { file: source });
}

/**
 * `agent.env` values written in plain text (by hand, or before they were kept as secrets) still work as they are;
 * saving the channel in the window moves them into the secret store. Said once at start, naming only the variables.
 */
function warnOfPlainAgentEnv(config: ConfigManager, logger: Logger): void {
  for (const { channel, names } of config.plainAgentEnv()) {
    logger.warn(
      `Channel "${channel}" keeps agent.env values in plain text in the settings file (${names.join(', ')}); they are used as they are, and saving the channel in the window moves them into the secret store`,
    );
  }
}
