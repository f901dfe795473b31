import { z } from 'zod';
import { ChannelConfigSchema } from '../../electron/core/config/channel-schema.js';
import { AgentTimeoutsSchema } from '../../electron/core/agents/conversation-settings.js';
import { settingSchema } from '../../electron/core/config/unknown-settings.js';

/** The object or map a setting holds; none for a value. */
function containerOf(schema: z.ZodType): z.ZodObject | z.ZodRecord | undefined {
  const inner = settingSchema(schema);
  return inner instanceof z.ZodObject || inner instanceof z.ZodRecord ? inner : undefined;
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
