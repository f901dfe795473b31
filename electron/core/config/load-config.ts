import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ChannelConfigSchema, ChannelNameSchema, ConfigFileSchema, type ChannelConfig } from './channel-schema.js';
import { ConfigError, describeIssues, type ConfigProblem } from './config-errors.js';
import { MissingVariableError, substituteChannelEnv } from './substitute-env.js';
import { parseConfigText } from './config-store.js';

export interface LoadedConfig {
  env: Record<string, string>;
  /** The channels that are valid, by name. */
  channels: Record<string, ChannelConfig>;
  /** Channels that could not be used, by name, with what is wrong: they are shown, not started. */
  invalid: Record<string, ConfigProblem[]>;
}

/** `~` and relative folders become absolute, so the agent always starts where the user meant. */
export function resolveFolder(folder: string, base: string = homedir()): string {
  if (folder === '~') return homedir();
  if (folder.startsWith('~/') || folder.startsWith('~\\')) return join(homedir(), folder.slice(2));
  return isAbsolute(folder) ? folder : resolve(base, folder);
}

/** Validates one channel's raw settings (after `$NAME` substitution): the form and the file share this. */
export function parseChannel(
  name: string,
  raw: unknown,
  fileEnv: Record<string, string> = {},
  processEnv: NodeJS.ProcessEnv = process.env,
): { ok: true; channel: ChannelConfig } | { ok: false; problems: ConfigProblem[] } {
  const at = `channels.${name}`;
  let substituted: unknown;
  try {
    substituted = substituteChannelEnv(raw, at, fileEnv, processEnv);
  } catch (error) {
    if (error instanceof MissingVariableError) {
      return { ok: false, problems: [{ path: error.path, message: error.message.slice(error.path.length + 2) }] };
    }
    throw error;
  }
  const parsed = ChannelConfigSchema.safeParse(substituted, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error, at) };
  return { ok: true, channel: { ...parsed.data, cwd: resolveFolder(parsed.data.cwd) } };
}

/** Reads config text (JSON with comments and trailing commas allowed), keeping every valid channel. */
export function parseConfig(text: string, source: string, processEnv: NodeJS.ProcessEnv = process.env): LoadedConfig {
  return parseConfigObject(parseConfigText(text, source), source, processEnv);
}

/** Validates an already-parsed config object; `variables` are the environment (and stored secrets). */
export function parseConfigObject(raw: unknown, source: string, variables: NodeJS.ProcessEnv = process.env): LoadedConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([{ path: '(file)', message: 'must be an object with a "channels" entry' }], source);
  }
  const record = raw as Record<string, unknown>;
  const shell = ConfigFileSchema.pick({ env: true }).safeParse({ env: record.env }, { reportInput: true });
  if (!shell.success) throw new ConfigError(describeIssues(shell.error, ''), source);
  const channelsRaw = record.channels ?? {};
  if (!channelsRaw || typeof channelsRaw !== 'object' || Array.isArray(channelsRaw)) {
    throw new ConfigError([{ path: 'channels', message: 'must map channel names to channel settings' }], source);
  }
  const loaded: LoadedConfig = { env: shell.data.env, channels: {}, invalid: {} };
  for (const [name, channelRaw] of Object.entries(channelsRaw)) {
    const names = ChannelNameSchema.safeParse(name);
    if (!names.success) {
      loaded.invalid[name] = [{ path: `channels.${name}`, message: names.error.issues[0]?.message ?? 'is not a valid name' }];
      continue;
    }
    const result = parseChannel(name, channelRaw, shell.data.env, variables);
    if (result.ok) loaded.channels[name] = result.channel;
    else loaded.invalid[name] = result.problems;
  }
  return loaded;
}
