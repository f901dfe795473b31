import { z } from 'zod';
import type { ConfigProblem } from './config-errors.js';
import { ChannelConfigSchema, ConfigFileSchema } from './channel-schema.js';
import { DINGTALK_SETTINGS } from './dingtalk-settings.js';
import { QWEN_CODE_CHANNEL_SETTINGS, QWEN_CODE_GROUP_SETTINGS } from './qwen-code-settings.js';
import { closestWord } from './closest-word.js';
import { isRecord } from '../base/plain-object.js';

/**
 * Keys an object may have beyond its schema's, by where it is in a channel (`*`: any entry of a map). At the top,
 * the DingTalk settings older files write there are read into their section (or are an error when written twice).
 */
const LET_BE: Record<string, readonly string[]> = {
  '': [...DINGTALK_SETTINGS, ...QWEN_CODE_CHANNEL_SETTINGS],
  'groups.*': QWEN_CODE_GROUP_SETTINGS,
};

/**
 * Each key in a channel (with its DingTalk settings in their section) that no setting has: the schema drops them
 * without a word, so a typo would quietly do nothing. Not an error: the channel runs as if the key were not there.
 * The closest setting at the same level is offered as what was meant.
 */
export function unknownSettings(channel: unknown, at: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(ChannelConfigSchema, channel, at, '', problems);
  return problems;
}

/**
 * Each key at the top of the settings file besides `env` and `channels`: a misspelt `channels` would otherwise start
 * Dingbridge with no channel and no word why. `$schema`, which editors read, is let be.
 */
export function unknownFileKeys(file: Record<string, unknown>): ConfigProblem[] {
  const known = Object.keys(ConfigFileSchema.shape);
  return Object.keys(file)
    .filter((key) => !known.includes(key) && key !== '$schema')
    .map((key) => notASetting(key, closestWord(key, known)));
}

function visit(schema: unknown, value: unknown, path: string, where: string, problems: ConfigProblem[]): void {
  const keys = keysOf(schema);
  if (!keys || !isRecord(value)) return;
  const letBe = Object.hasOwn(LET_BE, where) ? LET_BE[where] : undefined;
  for (const [key, inner] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (keys instanceof z.ZodRecord) visit(keys.valueType, inner, here, `${where}${where ? '.' : ''}*`, problems);
    else if (Object.hasOwn(keys.shape, key)) visit(keys.shape[key], inner, here, `${where}${where ? '.' : ''}${key}`, problems);
    else if (!letBe?.includes(key)) problems.push(notASetting(here, closestWord(key, Object.keys(keys.shape))));
  }
}

/**
 * The object or map a setting holds under its defaults, optionals and transforms; none for a value, or an object
 * that takes any key (a loose one) or says itself which it refuses (a strict one).
 */
function keysOf(schema: unknown): z.ZodObject | z.ZodRecord | undefined {
  const inner = settingSchema(schema);
  if (inner instanceof z.ZodObject) return inner.def.catchall ? undefined : inner;
  return inner instanceof z.ZodRecord ? inner : undefined;
}

/** A setting's schema under its defaults, optionals, preprocessing and checks: the one that says what it holds. */
export function settingSchema(schema: unknown): unknown {
  let inner = schema;
  for (;;) {
    if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap();
    // A preprocess reads its value before the schema it feeds; a refine or transform comes after its object.
    else if (inner instanceof z.ZodPipe) inner = inner.in instanceof z.ZodTransform ? inner.out : inner.in;
    else return inner;
  }
}

const notASetting = (path: string, closest: string | undefined): ConfigProblem => ({
  path,
  message: closest ? `is not a setting; did you mean ${closest}?` : 'is not a setting; it does nothing',
  code: 'not_a_setting',
  ...(closest ? { value: closest } : {}),
});
