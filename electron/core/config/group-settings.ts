import { z } from 'zod';
import { DispatchModeSchema } from '../agents/conversation-settings.js';
import type { ChannelConfig } from './channel-schema.js';
import { CHANNEL_DEFAULTS } from './defaults.js';

/**
 * One entry of `groups`: a listed group's own settings, or under `"*"` those of every group. Nothing has a default
 * here: what an entry leaves out comes from `"*"`, then from the channel (`groupSettingsOf`).
 */
export const GroupSettingsSchema = z.object({
  requireMention: z.boolean({ error: 'must be true or false' }).optional(),
  dispatchMode: DispatchModeSchema.optional(),
});

export type GroupSettings = z.output<typeof GroupSettingsSchema>;

/** What a group goes by: each setting from its own entry, else from `"*"`, else the channel's. */
export function groupSettingsOf(channel: Pick<ChannelConfig, 'groups' | 'dispatchMode'>, conversationId: string): Required<GroupSettings> {
  // Own entries only: a conversationId such as "constructor" must not find what every object inherits.
  const own = Object.hasOwn(channel.groups, conversationId) ? channel.groups[conversationId] : undefined;
  const star = channel.groups['*'];
  return {
    requireMention: own?.requireMention ?? star?.requireMention ?? CHANNEL_DEFAULTS.requireMention,
    dispatchMode: own?.dispatchMode ?? star?.dispatchMode ?? channel.dispatchMode,
  };
}
