import type { Handlers } from '../../contract/dispatch.js';
import type { EventName, EventPayload } from '../../contract/contract.js';
import { ContractError } from '../../contract/errors.js';
import type { ChannelSet, ChannelSummary } from './channel-set.js';
import { ChannelSetError } from './channel-set.js';
import type { ConfigManager } from '../config/config-manager.js';
import { ConfigError } from '../config/config-errors.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { detectAgents, type DetectedAgent } from '../agents/detect.js';
import { cachedDetection } from '../agents/detect-cache.js';
import type { AgentEnvProvider } from '../agents/agent-process.js';
import { testConnection } from './connection-test.js';
import { PairingError, type PendingPairing } from '../access/pairing-store.js';
import { ApprovalError } from '../agents/remembered-approvals.js';
import type { RememberedApproval } from '../agents/permission-schema.js';
import type { SettingsStore } from '../config/app-settings-store.js';
import { exportEvents } from './log-export.js';
import { importOpenPollenSettings, importQwenSettings } from '../config/import-settings.js';
import { ImportError } from '../config/import-note.js';
import { createFolder, workspaceFolder } from '../config/folders.js';
import { SIMULATED_PEOPLE } from '../platform/simulator/simulator-chat.js';
import { ReasonedError } from '../base/error-reason.js';

export interface EngineApiOptions {
  /** The data folder: a simulator's own working folder is in it. */
  dataDir: string;
  service: ChannelSet;
  config: ConfigManager;
  secrets: SecretStore;
  settings: SettingsStore;
  mode: 'desktop' | 'headless';
  version: string;
  detect?: () => Promise<DetectedAgent[]>;
  agentEnv?: AgentEnvProvider;
  /** The desktop shell turns start-at-login on and off; headless there is nothing to start. */
  setStartAtLogin?: (enabled: boolean) => Promise<void>;
}

/** Errors a person can act on keep their words and their reason, which the window words in its language (problems next to the right field). */
function asContractError(error: unknown): unknown {
  if (error instanceof ConfigError) {
    return new ContractError({ code: 'invalid_input', message: error.message, problems: error.problems });
  }
  if (error instanceof ReasonedError) {
    const missing = error instanceof ChannelSetError || error instanceof PairingError || error instanceof ApprovalError;
    return new ContractError({ code: missing ? 'not_found' : 'failed', message: error.message, reason: error.reason });
  }
  return error;
}

const pairingView = (channel: string, request: PendingPairing) => ({
  channel,
  code: request.code,
  staffId: request.staffId,
  nick: request.nick,
  conversationId: request.conversationId,
  conversationType: request.conversationType,
  createdAt: request.createdAt,
  expiresAt: request.expiresAt,
});

const rememberedView = (channel: string, { fingerprint: _fingerprint, ...approval }: RememberedApproval) => ({ ...approval, channel });

/** A channel as the window sees it: its state, its folder and agent, and (for the form) its settings without the secret. */
function channelView(summary: ChannelSummary, { config, dataDir }: Pick<EngineApiOptions, 'config' | 'dataDir'>, withSettings: boolean) {
  const settings = config.channel(summary.name);
  return {
    name: summary.name,
    enabled: summary.enabled,
    status: summary.status,
    ...(summary.reason ? { reason: summary.reason } : {}),
    ...(summary.problem ? { problem: summary.problem } : {}),
    connection: summary.connection,
    agent: summary.agent,
    ...(summary.problems ? { problems: summary.problems } : {}),
    ...(summary.unknownSettings ? { unknownSettings: summary.unknownSettings } : {}),
    ...(settings ? { type: settings.type, cwd: settings.cwd ?? workspaceFolder(dataDir, summary.name), preset: settings.agent.preset } : {}),
    ...(withSettings ? { settings: config.settingsView(summary.name) } : {}),
  };
}

/** Every contract operation, carried out by the engine. */
export function createHandlers(options: EngineApiOptions): Handlers {
  const { service, config } = options;
  const detect = cachedDetection((env) => detectAgents(env));
  const view = (summary: ChannelSummary, withSettings = false) => channelView(summary, options, withSettings);
  const summaryOf = (name: string) => {
    const found = service.channels().find((channel) => channel.name === name);
    if (!found) throw new ChannelSetError({ code: 'no-channel', channel: name });
    return found;
  };
  const guard =
    <I, O>(run: (input: I) => Promise<O> | O) =>
    async (input: I) => {
      try {
        return await run(input);
      } catch (error) {
        throw asContractError(error);
      }
    };

  return {
    'app.status': () => appStatus(options),
    'channels.list': () => service.channels().map((summary) => view(summary)),
    'channels.get': guard(({ name }) => view(summaryOf(name), true)),
    'channels.save': guard(async ({ name, previousName, settings }) => {
      const renamed = previousName !== undefined && previousName !== name ? { name: previousName, renamedTo: name } : undefined;
      await service.load(await config.saveChannel(name, settings, previousName), renamed);
      return view(summaryOf(name), true);
    }),
    'channels.remove': guard(async ({ name }) => {
      await service.load(await config.removeChannel(name), { name });
      return { ok: true };
    }),
    'channels.start': guard(async ({ name }) => {
      await service.start(name);
      return view(summaryOf(name));
    }),
    'channels.stop': guard(async ({ name }) => {
      await service.stop(name);
      return view(summaryOf(name));
    }),
    'channels.test': guard((input) => testConnection(config, input)),
    'channels.send': guard(async ({ channel, conversationId, conversationType, staffId, text }) => {
      const report = await service.channel(channel).sendMessage({ conversationId, conversationType, ...(staffId ? { staffId } : {}) }, text);
      const why = { ...(report.error ? { error: report.error } : {}), ...(report.problem ? { problem: report.problem } : {}) };
      return { ok: report.ok, chunks: report.chunks, delivered: report.delivered, path: report.path, ...why };
    }),
    'channels.import': guard(({ source, text }) => {
      let result;
      try {
        result = source === 'qwen' ? importQwenSettings(text) : importOpenPollenSettings(text);
      } catch (error) {
        // The window words the file's problem from its code, so it travels as the refusal's one problem.
        const problems = error instanceof ImportError ? { problems: [error.note] } : {};
        throw new ContractError({ code: 'invalid_input', message: error instanceof Error ? error.message : String(error), ...problems });
      }
      return {
        channels: Object.entries(result.channels).map(([name, settings]) => {
          const checked = config.checkChannel(name, settings, result.env);
          return { name, settings, problems: checked };
        }),
        notes: result.notes,
      };
    }),
    'folders.create': guard(({ path }) => createFolder(path)),
    'agents.detect': async () => (options.detect ? options.detect() : detect((await options.agentEnv?.()) ?? process.env)),
    'sessions.list': (input) => service.sessions().filter((session) => !input?.channel || session.channel === input.channel),
    'sessions.cancel': guard(({ channel, key }) => ({ ok: service.channel(channel).cancelSession(key) })),
    'sessions.clear': guard(({ channel, key }) => ({ ok: service.channel(channel).clearSession(key) })),
    'pairing.list': (input) => ({
      pending: service
        .pairingRequests()
        .filter((request) => !input?.channel || request.channel === input.channel)
        .map((request) => pairingView(request.channel, request)),
      approved: service.approvedUsers().filter((user) => !input?.channel || user.channel === input.channel),
      refused: service.refusedPairings().filter((entry) => !input?.channel || entry.channel === input.channel),
    }),
    'pairing.approve': guard(async ({ channel, code }) => pairingView(channel, await service.channel(channel).approvePairing(code))),
    'pairing.deny': guard(async ({ channel, code }) => pairingView(channel, await service.channel(channel).denyPairing(code))),
    'pairing.revoke': guard(({ channel, staffId }) => ({ ...service.channel(channel).revoke(staffId), channel })),
    'pairing.allow': guard(({ channel, staffId, nick }) => ({ ...service.channel(channel).allowSender(staffId, nick), channel })),
    'pairing.clearRefused': guard(({ channel, staffId }) => ({ ok: service.channel(channel).clearRefused(staffId) })),
    'permissions.list': () => service.pendingPermissions(),
    'permissions.answer': guard(({ channel, id, decision, via }) => ({ ok: service.channel(channel).answerPermission(id, decision, via) })),
    'permissions.remembered': (input) =>
      service
        .rememberedApprovals()
        .filter((approval) => !input?.channel || approval.channel === input.channel)
        .map(({ channel, ...approval }) => rememberedView(channel, approval)),
    'permissions.revoke': guard(({ channel, id }) => rememberedView(channel, service.channel(channel).revokeApproval(id))),
    'log.query': (query) => service.log.query(query),
    'log.export': async ({ format, ...query }) => {
      const events = await service.log.query(query);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return { fileName: `dingbridge-log-${stamp}.${format}`, content: exportEvents(events, format), count: events.length };
    },
    'simulator.send': guard(({ channel, ...message }) => simulatorOf(service, channel).send(message)),
    'simulator.transcript': guard(({ channel }) => ({ entries: simulatorOf(service, channel).transcript(), people: SIMULATED_PEOPLE })),
    'simulator.clickCard': guard(({ channel, card, action, as }) => {
      simulatorOf(service, channel).clickCard(card, action, as);
      return {};
    }),
    'simulator.file': guard(({ channel, mediaId, offset }) => simulatorOf(service, channel).filePiece(mediaId, offset)),
    'settings.get': () => options.settings.get(),
    'settings.set': guard(async (patch) => {
      if (patch.startAtLogin !== undefined) {
        if (!options.setStartAtLogin) {
          throw new ReasonedError({ code: 'start-at-login-headless' });
        }
        await options.setStartAtLogin(patch.startAtLogin);
      }
      return options.settings.set(patch);
    }),
  };
}

function simulatorOf(service: ChannelSet, channel: string) {
  const simulator = service.channel(channel).simulator;
  if (!simulator) throw new ChannelSetError({ code: 'not-a-simulator', channel });
  return simulator;
}

function appStatus(options: EngineApiOptions) {
  return {
    secretStorage: options.secrets.strength,
    logWrite: options.service.log.writeStatus,
    mode: options.mode,
    version: options.version,
  };
}

/** Passes the engine's news to a transport as contract events; returns the function that stops it. */
export function forwardEvents(options: EngineApiOptions, emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void): () => void {
  const { service } = options;
  const stops = [
    service.on('logAppended', (event) => emit('log.appended', event)),
    service.on('channelChanged', (snapshot) => {
      const summary = service.channels().find((channel) => channel.name === snapshot.name);
      if (summary) emit('channel.changed', channelView(summary, options, false));
    }),
    service.on('pairingChanged', (change) => emit('pairing.changed', change)),
    service.on('permissionRequested', (pending) => emit('permission.requested', pending)),
    service.on('permissionAnswered', (answer) => emit('permission.answered', answer)),
    service.on('sessionsChanged', (change) => emit('session.changed', change)),
    service.on('simulatorChanged', (change) => emit('simulator.changed', change)),
    service.log.on('writeStatus', () => emit('app.status', appStatus(options))),
  ];
  return () => stops.forEach((stop) => stop());
}
