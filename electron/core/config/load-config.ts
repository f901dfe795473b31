import { ChannelConfigSchema, ChannelCwdSchema, ChannelNameSchema, ConfigFileSchema, type ChannelConfig } from './channel-schema.js';
import { ConfigError, describeIssues, firstProblem, type ConfigProblem } from './config-errors.js';
import { substituteChannelEnv } from './substitute-env.js';
import { inPlatformSection } from './platform-section.js';
import { parseConfigText } from './config-store.js';
import { folderProblem, resolveFolder } from './folders.js';
import { unknownFileKeys, unknownSettings } from './unknown-settings.js';

export { resolveFolder };

export interface LoadedConfig {
  env: Record<string, string>;
  /** The channels that are valid, by name. */
  channels: Record<string, ChannelConfig>;
  /** Channels that could not be used, by name, with what is wrong: they are shown, not started. */
  invalid: Record<string, ConfigProblem[]>;
  /** Keys no setting has, by channel (valid or not), each with the setting it most likely meant: said, never refused. */
  unknownSettings: Record<string, ConfigProblem[]>;
  /** Keys at the top of the file that are neither `env` nor `channels`: said like the channels' own. */
  unknownFileKeys: ConfigProblem[];
}

/**
 * Validates one channel's raw settings (after `$NAME` substitution): the form and the file share this. `dataDir`,
 * the data folder of the engine that will run it, is a folder the working folder must not hold.
 */
export function parseChannel(
  name: string,
  raw: unknown,
  fileEnv: Record<string, string> = {},
  processEnv: NodeJS.ProcessEnv = process.env,
  dataDir?: string,
): { ok: true; channel: ChannelConfig } | { ok: false; problems: ConfigProblem[] } {
  const at = `channels.${name}`;
  const { channel, twice, moved } = inPlatformSection(raw);
  const { value, missing } = substituteChannelEnv(channel, at, fileEnv, processEnv);
  const parsed = ChannelConfigSchema.safeParse(value, { reportInput: true });
  const folder = workingFolderProblem(value, `${at}.cwd`, missing, dataDir);
  const written = twice.map((key) => writtenTwice(`${at}.${key}`, key));
  if (parsed.success && !missing.length && !folder && !written.length) {
    const { cwd } = parsed.data;
    return { ok: true, channel: { ...parsed.data, ...(cwd === undefined ? {} : { cwd: resolveFolder(cwd) }) } };
  }
  // A missing variable is the problem of its field; every other field is still checked, so all are listed at once.
  const invalid = parsed.success ? [] : describeIssues(parsed.error, at).filter((problem) => !missing.some((gap) => gap.path === problem.path));
  const asWritten = (problem: ConfigProblem) => ({ ...problem, path: pathAsWritten(problem.path, at, moved) });
  return { ok: false, problems: [...written, ...missing.map(asWritten), ...invalid.map(asWritten), ...(folder ? [folder] : [])] };
}

/** A problem with a setting the file has at the channel's top level is said there, not in the section it was read into. */
function pathAsWritten(path: string, at: string, moved: readonly string[]): string {
  const key = moved.find((setting) => path === `${at}.dingtalk.${setting}` || path.startsWith(`${at}.dingtalk.${setting}.`));
  return key === undefined ? path : `${at}.${path.slice(`${at}.dingtalk.`.length)}`;
}

const writtenTwice = (path: string, key: string): ConfigProblem => ({
  path,
  message: `is written twice: here and as "dingtalk.${key}"; keep the one in the "dingtalk" section and delete this one`,
  code: 'written_twice',
});

/**
 * The working folder must exist and be safe to give the agent. Looked at even when other settings are wrong, so one
 * save lists every problem; not when the folder setting itself is wrong or missing (that is said already) or the
 * channel is no object at all.
 */
function workingFolderProblem(channel: unknown, path: string, missing: ConfigProblem[], dataDir: string | undefined): ConfigProblem | undefined {
  if (!channel || typeof channel !== 'object' || Array.isArray(channel) || missing.some((gap) => gap.path === path)) return undefined;
  const cwd = ChannelCwdSchema.safeParse((channel as Record<string, unknown>).cwd);
  return cwd.success && cwd.data !== undefined ? folderProblem(path, cwd.data, dataDir) : undefined;
}

/** Reads config text (JSON with comments and trailing commas allowed), keeping every valid channel. */
export function parseConfig(text: string, source: string, processEnv: NodeJS.ProcessEnv = process.env, dataDir?: string): LoadedConfig {
  return parseConfigObject(parseConfigText(text, source), source, processEnv, dataDir);
}

/** Validates an already-parsed config object; `variables` are the environment (and stored secrets). */
export function parseConfigObject(raw: unknown, source: string, variables: NodeJS.ProcessEnv = process.env, dataDir?: string): LoadedConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([{ path: '(file)', message: 'must be an object with a "channels" entry' }], source);
  }
  const record = raw as Record<string, unknown>;
  const shell = ConfigFileSchema.pick({ env: true }).safeParse({ env: record.env }, { reportInput: true });
  // A broken env block makes the whole file unusable, but its channels are still checked, so one error lists all.
  const envProblems = shell.success ? [] : describeIssues(shell.error, '');
  const env = shell.success ? shell.data.env : textEntries(record.env);
  const channelsRaw = record.channels ?? {};
  if (!channelsRaw || typeof channelsRaw !== 'object' || Array.isArray(channelsRaw)) {
    throw new ConfigError([...envProblems, { path: 'channels', message: 'must map channel names to channel settings' }], source);
  }
  const channels: Array<[string, ChannelConfig]> = [];
  const invalid: Array<[string, ConfigProblem[]]> = [];
  const unknown: Array<[string, ConfigProblem[]]> = [];
  for (const [name, channelRaw] of Object.entries(channelsRaw)) {
    const names = ChannelNameSchema.safeParse(name);
    if (!names.success) {
      invalid.push([name, [firstProblem(names.error, `channels.${name}`, 'is not a valid name')]]);
      continue;
    }
    const result = parseChannel(name, channelRaw, env, variables, dataDir);
    if (result.ok) channels.push([name, result.channel]);
    else invalid.push([name, result.problems]);
    const keys = unknownKeys(name, channelRaw);
    if (keys.length) unknown.push([name, keys]);
  }
  if (envProblems.length) throw new ConfigError([...envProblems, ...invalid.flatMap(([, problems]) => problems)], source);
  // fromEntries makes each name an own key, so a channel called "__proto__" is listed, not taken as a prototype.
  return { env, channels: Object.fromEntries(channels), invalid: Object.fromEntries(invalid), unknownSettings: Object.fromEntries(unknown), unknownFileKeys: unknownFileKeys(record) };
}

/** A channel's keys that no setting has, each said where the file has it. */
function unknownKeys(name: string, raw: unknown): ConfigProblem[] {
  const at = `channels.${name}`;
  const { channel, moved } = inPlatformSection(raw);
  return unknownSettings(channel, at).map((problem) => ({ ...problem, path: pathAsWritten(problem.path, at, moved) }));
}

function textEntries(env: unknown): Record<string, string> {
  if (!env || typeof env !== 'object') return {};
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
