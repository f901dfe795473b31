import JSON5 from 'json5';
import { CHANNEL_DEFAULTS } from './defaults.js';
import { ImportError, type ImportNote } from './import-note.js';
import { inPlatformSection } from './platform-section.js';
import { isRecord } from '../base/plain-object.js';

export type { ImportNote } from './import-note.js';

/** Channels found in another tool's settings, in our format (with `$NAME` references kept), and what was not. */
export interface ImportResult {
  source: 'qwen' | 'openpollen';
  channels: Record<string, Record<string, unknown>>;
  env: Record<string, string>;
  notes: ImportNote[];
}

/** Qwen Code fields that mean the same here, copied as they are. */
const QWEN_SAME = [
  'clientId',
  'clientSecret',
  'robotCode',
  'senderPolicy',
  'allowedUsers',
  'groupPolicy',
  'sessionScope',
  'dispatchMode',
  'cwd',
  'instructions',
  'model',
] as const;
const QWEN_OUTPUT: Record<string, string> = { final_only: 'final', process_and_result: 'progress' };

function parseJson(text: string, what: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON5.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^JSON5: /, '') : String(error);
    throw new ImportError({ path: '', message: `The ${what} is not valid JSON: ${detail}`, code: 'not-json', value: detail });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ImportError({ path: '', message: `The ${what} must be a JSON object.`, code: 'not-a-json-object' });
  }
  return raw as Record<string, unknown>;
}

/** The others write a bot's credentials at the channel's top level; ours go in its `dingtalk` section. */
const inOurSection = (channel: Record<string, unknown>) => inPlatformSection(channel).channel as Record<string, unknown>;

const skipped = (path: string): ImportNote => ({ path, message: 'is not an object, so it was skipped', code: 'not-an-object' });
const leftOut = (path: string): ImportNote => ({ path, message: 'has no equivalent in Dingbridge and was left out', code: 'left-out' });

function stringEnv(raw: unknown, notes: ImportNote[]): Record<string, string> {
  const env: Record<string, string> = {};
  if (!isRecord(raw)) return env;
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') env[name] = value;
    else notes.push({ path: `env.${name}`, message: 'is not text, so it was not imported', code: 'not-text' });
  }
  return env;
}

/** The DingTalk channels of a Qwen Code settings.json (`channels.<name>` with `type: "dingtalk"`). */
export function importQwenSettings(text: string): ImportResult {
  const settings = parseJson(text, 'Qwen Code settings file');
  const notes: ImportNote[] = [];
  const result: ImportResult = { source: 'qwen', channels: {}, env: stringEnv(settings.env, notes), notes };
  if (!isRecord(settings.channels)) {
    notes.push({ path: 'channels', message: 'the file has no channels to import', code: 'no-channels' });
    return result;
  }
  for (const [name, raw] of Object.entries(settings.channels)) {
    const at = `channels.${name}`;
    if (!isRecord(raw)) {
      notes.push(skipped(at));
      continue;
    }
    if (raw.type !== 'dingtalk') {
      const type = String(raw.type ?? 'untyped');
      notes.push({ path: at, message: `is a ${type} channel; only DingTalk channels are imported`, code: 'not-dingtalk', value: type });
      continue;
    }
    const channel: Record<string, unknown> = { type: 'dingtalk' };
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'type') continue;
      if ((QWEN_SAME as readonly string[]).includes(key)) {
        if (key === 'groupPolicy' && value === 'pairing') {
          channel.groupPolicy = 'allowlist';
          notes.push({ path: `${at}.groupPolicy`, message: '"pairing" for groups is not supported; imported as "allowlist"', code: 'group-pairing' });
        } else channel[key] = value;
      } else if (key === 'groups' && isRecord(value)) {
        channel.groups = importGroups(value, `${at}.groups`, notes);
      } else if (key === 'outputMode') {
        channel.outputMode = typeof value === 'string' ? (QWEN_OUTPUT[value] ?? value) : value;
      } else if (key === 'interactiveCards' && isRecord(value)) {
        importCards(value, `${at}.interactiveCards`, channel, notes);
      } else if (key === 'cardTemplateId') {
        channel.card = { ...(channel.card as object | undefined), templateId: value };
      } else {
        notes.push(leftOut(`${at}.${key}`));
      }
    }
    if (!('senderPolicy' in channel)) channel.senderPolicy = CHANNEL_DEFAULTS.senderPolicy;
    result.channels[name] = inOurSection(channel);
  }
  return result;
}

/**
 * Qwen Code's `interactiveCards.enabled` streams answers into a card, as `replyStyle: "card"` does; its status,
 * question and permission cards have no equivalent yet.
 */
function importCards(cards: Record<string, unknown>, at: string, channel: Record<string, unknown>, notes: ImportNote[]): void {
  for (const [key, value] of Object.entries(cards)) {
    if (key === 'enabled' && typeof value === 'boolean') channel.replyStyle = value ? 'card' : 'markdown';
    else notes.push(leftOut(`${at}.${key}`));
  }
}

function importGroups(groups: Record<string, unknown>, at: string, notes: ImportNote[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, raw] of Object.entries(groups)) {
    if (!isRecord(raw)) {
      notes.push(skipped(`${at}.${id}`));
      continue;
    }
    const group: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'requireMention' || key === 'dispatchMode') group[key] = value;
      else notes.push(leftOut(`${at}.${id}.${key}`));
    }
    out[id] = group;
  }
  return out;
}

/** The DingTalk channel of an OpenPollen openpollen.json (`channels.dingtalk`). */
export function importOpenPollenSettings(text: string): ImportResult {
  const settings = parseJson(text, 'OpenPollen settings file');
  const notes: ImportNote[] = [];
  const result: ImportResult = { source: 'openpollen', channels: {}, env: {}, notes };
  const channels = isRecord(settings.channels) ? settings.channels : {};
  for (const name of Object.keys(channels)) {
    if (name !== 'dingtalk') notes.push({ path: `channels.${name}`, message: 'is not a DingTalk channel; only DingTalk is imported', code: 'not-dingtalk' });
  }
  const raw = channels.dingtalk;
  if (!isRecord(raw)) {
    notes.push({ path: 'channels.dingtalk', message: 'the file has no DingTalk channel to import', code: 'no-dingtalk-channel' });
    return result;
  }
  const channel: Record<string, unknown> = {
    type: 'dingtalk',
    enabled: raw.enabled === true,
    // OpenPollen answers anyone; strangers should be approved here before they can use the agent.
    senderPolicy: 'pairing',
  };
  notes.push({
    path: 'channels.dingtalk',
    message: 'OpenPollen has no access control; imported with senderPolicy "pairing", so new people must be approved',
    code: 'pairing-added',
  });
  for (const [key, value] of Object.entries(raw)) {
    const at = `channels.dingtalk.${key}`;
    if (key === 'enabled') continue;
    if (key === 'clientId' || key === 'clientSecret' || key === 'robotCode') channel[key] = value;
    else if (key === 'groupPolicy') {
      if (value === 'mention' || value === 'all') {
        channel.groupPolicy = 'open';
        channel.groups = { '*': { requireMention: value === 'mention' } };
      } else {
        const policy = String(value);
        notes.push({ path: at, message: `"${policy}" is not an OpenPollen group policy (mention or all); left out`, code: 'bad-group-policy', value: policy });
      }
    } else notes.push(leftOut(at));
  }
  result.channels.dingtalk = inOurSection(channel);
  return result;
}
