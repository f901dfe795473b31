import { createHash } from 'node:crypto';
import type { SecretStore } from '../secrets/secret-store.js';
import type { ConfigStore, RawConfig } from './config-store.js';
import { ConfigError, firstProblem, type ConfigProblem } from './config-errors.js';
import { parseChannel, parseConfigObject, type LoadedConfig } from './load-config.js';
import { ChannelNameSchema, type ChannelConfig } from './channel-schema.js';
import { agentEnvVariablesOf, isAgentEnvVariable, plainAgentEnvNames, saveAgentEnv } from './agent-env-secrets.js';
import { withAgentEnvHidden } from './agent-env-view.js';
import { secretValuesOf, variablesSecretsReferTo } from './secret-fields.js';
import { withProxyPasswordHidden, withProxyPasswordKept } from './proxy-password.js';
import { referencedVariables } from './substitute-env.js';
import { inPlatformSection } from './platform-section.js';
import { isRecord, recordOf } from '../base/plain-object.js';

export interface SecretView {
  hasSecret: boolean;
  last4?: string;
}

/** The variable that holds a channel's AppSecret in the secret store; stable across restarts, safe as a name. */
export function secretVariableFor(channel: string): string {
  return `DINGBRIDGE_SECRET_${createHash('sha256').update(channel).digest('hex').slice(0, 12).toUpperCase()}`;
}

/**
 * The config as the window edits it: saving validates with the same schema as the engine, keeps AppSecrets in
 * the secret store (the config holds only a `$NAME` reference), and hands back what the window may see.
 */
export class ConfigManager {
  #raw: RawConfig = {};

  constructor(
    private readonly store: ConfigStore,
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** The data folder, which no channel's working folder may hold. */
    private readonly dataDir?: string,
  ) {}

  async load(): Promise<LoadedConfig> {
    this.#raw = await this.store.read();
    return this.#parse(this.#raw);
  }

  /** The current config, parsed, without reading the store again. */
  current(): LoadedConfig {
    return this.#parse(this.#raw);
  }

  channelNames(): string[] {
    return Object.keys(this.#raw.channels ?? {});
  }

  /**
   * A channel's settings as written, with the AppSecret replaced by whether it is set and its last 4 characters, and
   * each `agent.env` value by whether it is set.
   */
  settingsView(name: string): Record<string, unknown> & { dingtalk: { clientSecret: SecretView } } {
    // A secret also written at the top level (a file that says it twice) is never shown either.
    const { clientSecret: _flat, ...raw } = writtenChannel(this.#raw.channels, name) ?? {};
    const { clientSecret: _secret, ...section } = recordOf(raw.dingtalk);
    return { ...withAgentEnvHidden(raw), dingtalk: { ...withProxyPasswordHidden(section), clientSecret: this.#secretView(name) } };
  }

  /** The variables the secret settings of any channel refer to: no agent may inherit them. */
  variablesSecretsReferTo(): Set<string> {
    return variablesSecretsReferTo(this.#raw);
  }

  /** Channels whose `agent.env` holds values in plain text in the config, by the names of those variables. */
  plainAgentEnv(): Array<{ channel: string; names: string[] }> {
    return Object.entries(this.#raw.channels ?? {})
      .map(([channel, settings]) => ({ channel, names: plainAgentEnvNames(settings) }))
      .filter(({ names }) => names.length > 0);
  }

  /** Validates and stores a channel (renaming it when `previousName` differs); problems name the fields. */
  async saveChannel(name: string, settings: Record<string, unknown>, previousName?: string): Promise<LoadedConfig> {
    // Checked here too, so a name the file could not hold is refused at once instead of saved as a broken channel.
    const named = ChannelNameSchema.safeParse(name);
    if (!named.success) throw new ConfigError([firstProblem(named.error, 'name', 'is not a valid name')]);
    const channels = { ...this.#raw.channels };
    const before = previousName ?? name;
    if (previousName && previousName !== name && ownChannel(channels, name)) {
      throw new ConfigError([{ path: 'name', message: `a channel called "${name}" already exists`, code: 'name_taken' }]);
    }
    const previous = writtenChannel(channels, before) ?? {};
    const { channel: inSection, twice } = inPlatformSection(settings);
    const next = { ...(inSection as Record<string, unknown>) };
    // Saved from the window, the section's value is the one the operator saw and kept: the other copy goes.
    for (const key of twice) delete next[key];
    const variable = secretVariableFor(name);
    const { section, secretToStore } = this.#withSecretStored(next.dingtalk, recordOf(previous.dingtalk).clientSecret, variable, before !== name ? secretVariableFor(before) : undefined);
    // A section that is no object is left as written, for the schema to say so.
    if (section) next.dingtalk = withProxyPasswordKept(section, previous.dingtalk);
    const agentEnv = saveAgentEnv(next.agent, name, previous.agent, this.secrets.variables());
    if (next.agent !== undefined) next.agent = agentEnv.agent;

    const variables = { ...this.env, ...this.secrets.variables(), ...(secretToStore ? { [variable]: secretToStore } : {}), ...agentEnv.store };
    const checked = parseChannel(name, next, stringEnv(this.#raw.env), variables, this.dataDir);
    const problems = [...agentEnv.problems, ...(checked.ok ? [] : checked.problems.map((problem) => relativeTo(name, problem)))];
    if (problems.length) throw new ConfigError(problems);

    if (secretToStore) await this.secrets.set(variable, secretToStore);
    for (const [envVariable, value] of Object.entries(agentEnv.store)) await this.secrets.set(envVariable, value);
    delete channels[before];
    channels[name] = next;
    await this.#write(channels);
    await this.#dropSecrets(before, previous, next);
    return this.current();
  }

  async removeChannel(name: string): Promise<LoadedConfig> {
    const channels = { ...this.#raw.channels };
    const removed = ownChannel(channels, name);
    if (!removed) throw new ConfigError([{ path: 'name', message: `there is no channel "${name}"`, code: 'no_channel' }]);
    delete channels[name];
    await this.#write(channels);
    await this.#dropSecrets(name, removed);
    return this.current();
  }

  /** What would be wrong with these settings if saved (for an import preview), relative to the channel. */
  checkChannel(name: string, settings: Record<string, unknown>, extraEnv: Record<string, string> = {}): ConfigProblem[] {
    const variables = { ...this.env, ...this.secrets.variables() };
    const checked = parseChannel(name, settings, { ...stringEnv(this.#raw.env), ...extraEnv }, variables, this.dataDir);
    return checked.ok ? [] : checked.problems.map((problem) => relativeTo(name, problem));
  }

  /** The AppSecret of a saved channel, for "Test connection" without retyping it. */
  resolvedSecret(name: string): string | undefined {
    return this.channel(name)?.dingtalk.clientSecret;
  }

  /** A valid channel's settings; a name every object answers to ("constructor") is not mistaken for one. */
  channel(name: string): ChannelConfig | undefined {
    const { channels } = this.current();
    return Object.hasOwn(channels, name) ? channels[name] : undefined;
  }

  /**
   * The `dingtalk` section to write, with a typed AppSecret replaced by a reference to `variable` (the secret is
   * returned to be stored), no AppSecret meaning "keep the saved one", and the saved one moved along when the channel
   * was renamed from the name whose variable is `renamedFrom`.
   */
  #withSecretStored(written: unknown, previous: unknown, variable: string, renamedFrom: string | undefined): { section?: Record<string, unknown>; secretToStore?: string } {
    if (written !== undefined && !isRecord(written)) return {};
    const section: Record<string, unknown> = { ...written };
    const typed = typeof section.clientSecret === 'string' ? section.clientSecret.trim() : undefined;
    let secretToStore: string | undefined;
    if (typed && !typed.startsWith('$')) {
      secretToStore = typed;
      section.clientSecret = `$${variable}`;
    } else if (!typed) {
      section.clientSecret = previous;
      if (renamedFrom && previous === `$${renamedFrom}`) {
        secretToStore = this.secrets.variables()[renamedFrom];
        section.clientSecret = `$${variable}`;
      }
    }
    if (section.clientSecret === undefined) delete section.clientSecret;
    return written !== undefined || Object.keys(section).length > 0 ? { section, secretToStore } : { secretToStore };
  }

  #secretView(name: string): SecretView {
    const secret = this.resolvedSecret(name);
    return secret ? { hasSecret: true, last4: secret.slice(-4) } : { hasSecret: Boolean(recordOf(writtenChannel(this.#raw.channels, name)?.dingtalk).clientSecret) };
  }

  /** Writes the config with these channels, each with its DingTalk settings in their section, however it was read. */
  async #write(channels: NonNullable<RawConfig['channels']>): Promise<void> {
    const inSections = Object.entries(channels).map(([name, channel]) => [name, inPlatformSection(channel).channel]);
    this.#raw = { ...this.#raw, channels: Object.fromEntries(inSections) };
    await this.store.write(this.#raw);
  }

  /**
   * Deletes the stored secrets that were a channel's (its AppSecret and `agent.env` values), except those the
   * settings that replace it still refer to.
   */
  async #dropSecrets(name: string, settings: Record<string, unknown> | undefined, replacement?: Record<string, unknown>): Promise<void> {
    const stillUsed = new Set(secretValuesOf(replacement).flatMap(referencedVariables));
    const stored = this.secrets.variables();
    for (const variable of [secretVariableFor(name), ...agentEnvVariablesOf(name, settings?.agent)]) {
      if (!stillUsed.has(variable) && Object.hasOwn(stored, variable)) await this.secrets.delete(variable);
    }
  }

  #parse(raw: RawConfig): LoadedConfig {
    return this.#explainUnreadableSecrets(parseConfigObject(raw, this.store.source, { ...this.env, ...this.secrets.variables() }, this.dataDir));
  }

  /** A saved AppSecret that no longer decrypts reads as what it is, not as a missing environment variable. */
  #explainUnreadableSecrets(loaded: LoadedConfig): LoadedConfig {
    const unreadable = this.secrets.unreadable().map((variable) => ({ variable, reference: new RegExp(`\\$${variable}\\b`) }));
    if (unreadable.length === 0) return loaded;
    const explain = (problem: ConfigProblem): ConfigProblem => {
      const secret = unreadable.find(({ reference }) => reference.test(problem.message));
      if (!secret) return problem;
      return { path: problem.path, message: isAgentEnvVariable(secret.variable) ? UNREADABLE_ENV_VALUE : UNREADABLE_SECRET, code: 'secret_unreadable' };
    };
    return { ...loaded, invalid: Object.fromEntries(Object.entries(loaded.invalid).map(([name, problems]) => [name, problems.map(explain)])) };
  }
}

const UNREADABLE_SECRET =
  'the saved AppSecret can no longer be decrypted (the system keyring was reset or changed); enter the AppSecret again in this channel\'s settings';
const UNREADABLE_ENV_VALUE =
  'the saved value can no longer be decrypted (the system keyring was reset or changed); enter it again in this channel\'s settings';

/** A channel as written, looked up by name among the config's own entries, never among what every object inherits. */
function ownChannel(channels: RawConfig['channels'], name: string): Record<string, unknown> | undefined {
  return channels && Object.hasOwn(channels, name) ? channels[name] : undefined;
}


/** A channel as written, read as if its DingTalk settings were in their section (see `inPlatformSection`). */
function writtenChannel(channels: RawConfig['channels'], name: string): Record<string, unknown> | undefined {
  const channel = ownChannel(channels, name);
  return channel && (inPlatformSection(channel).channel as Record<string, unknown>);
}

function stringEnv(env: RawConfig['env']): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function relativeTo(name: string, problem: ConfigProblem): ConfigProblem {
  const prefix = `channels.${name}.`;
  return { ...problem, path: problem.path.startsWith(prefix) ? problem.path.slice(prefix.length) : problem.path };
}
