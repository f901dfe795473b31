import type { InboundEnvelope } from '../dingtalk/envelope.js';
import type { ChannelConfig } from '../config/channel-schema.js';

export type GateResult = { admit: true } | { admit: false; reason: string };

/**
 * Whether the bot takes part in this group at all, and whether this message speaks to it. `groups["*"]` only
 * supplies defaults (such as requireMention); it never admits a group on its own.
 */
export function checkGroup(envelope: InboundEnvelope, channel: Pick<ChannelConfig, 'groupPolicy' | 'groups'>): GateResult {
  if (envelope.conversation.type !== 'group') return { admit: true };
  const id = envelope.conversation.id;
  if (channel.groupPolicy === 'disabled') {
    return { admit: false, reason: 'the bot does not answer in groups (groupPolicy "disabled")' };
  }
  const own = channel.groups[id];
  if (channel.groupPolicy === 'allowlist' && !own) {
    return { admit: false, reason: 'this group is not on the bot’s group allowlist (groupPolicy "allowlist")' };
  }
  const requireMention = (own ?? channel.groups['*'])?.requireMention ?? true;
  if (requireMention && !envelope.isMentioned) {
    return { admit: false, reason: 'the bot was not @-mentioned and this group requires it (requireMention)' };
  }
  return { admit: true };
}
