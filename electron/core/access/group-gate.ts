import type { InboundEnvelope } from '../platform/dingtalk/envelope.js';
import type { ChannelConfig } from '../config/channel-schema.js';
import type { AccessReason } from './access-reason.js';

export type GateResult = { admit: true } | { admit: false; reason: AccessReason };

/**
 * Whether the bot takes part in this group at all, and whether this message speaks to it. `groups["*"]` only
 * supplies defaults (such as requireMention); it never admits a group on its own.
 */
export function checkGroup(envelope: InboundEnvelope, channel: Pick<ChannelConfig, 'groupPolicy' | 'groups'>): GateResult {
  if (envelope.conversation.type !== 'group') return { admit: true };
  const id = envelope.conversation.id;
  if (channel.groupPolicy === 'disabled') {
    return { admit: false, reason: 'groups-disabled' };
  }
  const own = channel.groups[id];
  if (channel.groupPolicy === 'allowlist' && !own) {
    return { admit: false, reason: 'group-not-allowed' };
  }
  const requireMention = (own ?? channel.groups['*'])?.requireMention ?? true;
  if (requireMention && !envelope.isMentioned) {
    return { admit: false, reason: 'mention-required' };
  }
  return { admit: true };
}
