import { join } from 'node:path';
import { TypedEmitter } from '../base/typed-emitter.js';
import type { Logger } from '../base/logger.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { ChannelConfig } from '../config/channel-schema.js';
import type { ConfigProblem } from '../config/config-errors.js';
import { Channel, type ChannelDeps, type ChannelSnapshot } from '../channel/channel.js';
import { moveChannelState, removeChannelState } from '../channel/channel-state.js';
import { setAsideStateOfRemovedChannels } from '../channel/removed-channel-state.js';
import { EventLog } from '../events/event-log.js';
import { redactingLogger } from '../events/redacting-logger.js';
import type { LogEvent } from '../events/event-schema.js';
import type { ApprovedUser, PendingPairing, RefusedPairing } from '../access/pairing-store.js';
import type { PendingPermission } from '../agents/permission-broker.js';
import type { RememberedApproval } from '../agents/permission-schema.js';
import type { SessionInfo } from '../agents/agent-runtime.js';
import { ReasonedError } from '../base/error-reason.js';

export interface ChannelSetOptions {
  dataDir: string;
  logger: Logger;
  /** Channel tuning for tests and benchmarks (timings, DingTalk's rate window, crash policy). */
  channelTuning?: Pick<ChannelDeps, 'connectionTiming' | 'rateWindowMs' | 'retryWaitMs' | 'crashPolicy' | 'heldReplies' | 'cardPauseMs'>;
  agentEnv?: ChannelDeps['agentEnv'];
  filesTool?: ChannelDeps['filesTool'];
}

export interface ChannelSummary extends ChannelSnapshot {
  enabled: boolean;
  /** What is wrong with the settings of a channel that cannot be started. */
  problems?: ConfigProblem[];
  /** Keys in its settings that no setting has: they do nothing, which the operator should know. */
  unknownSettings?: ConfigProblem[];
}

/** A channel asked for that the engine does not have. */
export class ChannelSetError extends ReasonedError {}

export type ChannelSetEvents = {
  channelChanged: [ChannelSnapshot];
  pairingChanged: [{ channel: string }];
  permissionRequested: [PendingPermission & { channel: string }];
  permissionAnswered: [{ channel: string; id: string; decision: string; by: string }];
  sessionsChanged: [{ channel: string }];
  simulatorChanged: [{ channel: string }];
  logAppended: [LogEvent];
};

/**
 * All channels of one Dingbridge: started from config (enabled ones at once), stopped, reloaded, and asked about
 * state, sessions, pairings, permissions and the log. One channel failing never takes the others down.
 */
export class ChannelSet extends TypedEmitter<ChannelSetEvents> {
  readonly log: EventLog;
  readonly #options: ChannelSetOptions;
  /** What channels log through: redacted with the event log's secrets, which channels add as they are created. */
  readonly #logger: Logger;
  readonly #channels = new Map<string, Channel>();
  #invalid: Record<string, ConfigProblem[]> = {};
  #unknownSettings: Record<string, ConfigProblem[]> = {};

  private constructor(options: ChannelSetOptions, log: EventLog) {
    super();
    this.#options = options;
    this.log = log;
    this.#logger = redactingLogger(options.logger, log.redactor);
    log.on('appended', (event) => this.emit('logAppended', event));
  }

  static async create(options: ChannelSetOptions): Promise<ChannelSet> {
    const log = await EventLog.open({ dir: join(options.dataDir, 'logs'), logger: options.logger });
    return new ChannelSet(options, log);
  }

  /**
   * Applies a config: channels that are gone or changed are stopped, new and changed enabled ones started. `retired`
   * is a channel the operator removed (its state is deleted) or renamed (its state moves to the new name), done once
   * it has stopped and before any channel starts, so no channel ever opens state that is not its own. The state of a
   * channel the config does not name at all (removed by editing the file) is set aside then too.
   */
  async load(config: LoadedConfig, retired?: { name: string; renamedTo?: string }): Promise<void> {
    this.#invalid = config.invalid;
    this.#unknownSettings = config.unknownSettings;
    for (const [name, channel] of [...this.#channels]) {
      const next = config.channels[name];
      if (!next || JSON.stringify(next) !== JSON.stringify(channel.config)) {
        await channel.stop();
        this.#channels.delete(name);
      }
    }
    if (retired) {
      const { dataDir } = this.#options;
      await (retired.renamedTo === undefined ? removeChannelState(dataDir, retired.name) : moveChannelState(dataDir, retired.name, retired.renamedTo));
    }
    // After a rename has moved its state: what is left of channels the settings do not name was removed by hand.
    await setAsideStateOfRemovedChannels(this.#options.dataDir, [...Object.keys(config.channels), ...Object.keys(config.invalid)], this.log, this.#logger);
    const starts: Promise<void>[] = [];
    for (const [name, settings] of Object.entries(config.channels)) {
      if (this.#channels.has(name)) continue;
      const channel = this.#create(name, settings);
      if (settings.enabled) starts.push(channel.start());
    }
    await Promise.all(starts);
  }

  channels(): ChannelSummary[] {
    const unknown = (name: string) => (Object.hasOwn(this.#unknownSettings, name) ? { unknownSettings: this.#unknownSettings[name] } : {});
    const running = [...this.#channels.values()].map((channel) => ({ ...channel.snapshot(), enabled: channel.config.enabled, ...unknown(channel.name) }));
    const broken = Object.entries(this.#invalid).map(([name, problems]) => ({
      name,
      status: 'failed' as const,
      reason: `The settings have ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      connection: { status: 'stopped' as const },
      agent: { status: 'idle' as const },
      enabled: false,
      problems,
      ...unknown(name),
    }));
    return [...running, ...broken];
  }

  channel(name: string): Channel {
    const channel = this.#channels.get(name);
    if (!channel) {
      const known = [...this.#channels.keys()];
      throw new ChannelSetError({ code: 'no-channel', channel: name, ...(known.length ? { known } : {}) });
    }
    return channel;
  }

  /** Every pairing request waiting, in every channel. */
  pairingRequests(): Array<PendingPairing & { channel: string }> {
    return this.#each((channel) => channel.pairingRequests());
  }

  approvedUsers(): Array<ApprovedUser & { channel: string }> {
    return this.#each((channel) => channel.approvedUsers());
  }

  refusedPairings(): Array<RefusedPairing & { channel: string }> {
    return this.#each((channel) => channel.refusedPairings());
  }

  pendingPermissions(): Array<PendingPermission & { channel: string }> {
    return this.#each((channel) => channel.pendingPermissions());
  }

  rememberedApprovals(): Array<RememberedApproval & { channel: string }> {
    return this.#each((channel) => channel.rememberedApprovals());
  }

  sessions(): Array<SessionInfo & { channel: string }> {
    return this.#each((channel) => channel.sessions());
  }

  #each<T>(read: (channel: Channel) => T[]): Array<T & { channel: string }> {
    return [...this.#channels.values()].flatMap((channel) => read(channel).map((item) => ({ ...item, channel: channel.name })));
  }

  async start(name: string): Promise<void> {
    await this.channel(name).start();
  }

  async stop(name: string): Promise<void> {
    await this.channel(name).stop();
  }

  /** The machine woke from sleep (the desktop hears it from the operating system): every channel reconnects now. */
  woke(): void {
    for (const channel of this.#channels.values()) channel.woke();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#channels.values()].map((channel) => channel.stop()));
    await this.log.flush();
  }

  #create(name: string, settings: ChannelConfig): Channel {
    const channel = new Channel(name, settings, {
      dataDir: this.#options.dataDir,
      events: this.log,
      logger: this.#logger,
      agentEnv: this.#options.agentEnv,
      ...(this.#options.filesTool ? { filesTool: this.#options.filesTool } : {}),
      ...this.#options.channelTuning,
    });
    channel.on('changed', (snapshot) => this.emit('channelChanged', snapshot));
    channel.on('pairingChanged', () => this.emit('pairingChanged', { channel: name }));
    channel.on('permissionRequested', (pending) => this.emit('permissionRequested', { ...pending, channel: name }));
    channel.on('permissionAnswered', (answer) => this.emit('permissionAnswered', { ...answer, channel: name }));
    channel.on('sessionsChanged', () => this.emit('sessionsChanged', { channel: name }));
    channel.on('simulatorChanged', () => this.emit('simulatorChanged', { channel: name }));
    this.#channels.set(name, channel);
    return channel;
  }
}
