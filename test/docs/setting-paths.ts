import { z } from 'zod';
import { ChannelConfigSchema } from '../../electron/core/config/channel-schema.js';
import { AgentTimeoutsSchema } from '../../electron/core/agents/conversation-settings.js';

/** The object or map a setting holds under its defaults, optionals, preprocessing and checks; none for a value. */
function containerOf(schema: z.ZodType): z.ZodObject | z.ZodRecord | undefined {
  const inner = unwrapped(schema);
  return inner instanceof z.ZodObject || inner instanceof z.ZodRecord ? inner : undefined;
}

/** The schema under what only fills in or checks a value: what says which values a setting takes. */
export function unwrapped(schema: z.ZodType): z.ZodType {
  let inner: z.ZodType = schema;
  for (;;) {
    if (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
    else if (inner instanceof z.ZodPipe) inner = (inner.in instanceof z.ZodTransform ? inner.out : inner.in) as z.ZodType;
    else return inner;
  }
}

/** What a setting is when the file leaves it out; none when it has no value of its own then. */
export function defaultOf(path: string, schema: z.ZodType): unknown {
  // Each timeout is optional in a channel, so that a file sets only some; the defaults are the agent's.
  const timeout = /^timeouts\.(\w+)$/.exec(path)?.[1];
  const setting = timeout ? AgentTimeoutsSchema.shape[timeout as keyof typeof AgentTimeoutsSchema.shape] : schema;
  const parsed = setting.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

/** Every setting of a channel by its dotted path (`dingtalk.card.intervalMs`, `groups.*.requireMention`). */
export function channelSettings(): Map<string, z.ZodType> {
  const settings = new Map<string, z.ZodType>();
  const visit = (schema: z.ZodType, prefix: string) => {
    const container = containerOf(schema);
    if (container instanceof z.ZodRecord) visit(container.valueType as z.ZodType, `${prefix}*.`);
    else if (container) {
      for (const [key, inner] of Object.entries(container.shape as Record<string, z.ZodType>)) {
        settings.set(`${prefix}${key}`, inner);
        visit(inner, `${prefix}${key}.`);
      }
    }
  };
  visit(ChannelConfigSchema, '');
  return settings;
}

/**
 * A setting as the docs name it, as a path of `channelSettings`: without the `channels.NAME.` of a full path, and
 * with a group's conversationId (or `"*"`, or `groups["*"]`) as `*`.
 */
export function settingPath(written: string): string {
  return written
    .replace(/^channels\.[^.]+\./, '')
    .replace(/\["[^"]*"\]/g, '.*')
    .replace(/^groups\.[^.]+/, 'groups.*')
    .replace(/^agent\.env\.[^.]+/, 'agent.env.*');
}
