import type { ChatMessage } from '../chat/chat-message.js';
import type { ChannelConfig } from '../config/channel-schema.js';
import { groupSettingsOf } from '../config/group-settings.js';
import type { AccessReason } from './access-reason.js';

export type GateResult = { admit: true } | { admit: false; reason: AccessReason };

/**
 * Whether the bot takes part in this group at all, and whether this message speaks to it. `groups["*"]` only
 * supplies defaults (such as requireMention), to listed groups as to the others; it never admits a group on its own.
 */
export function checkGroup(
  message: Pick<ChatMessage, 'conversation' | 'isMentioned'>,
  channel: Pick<ChannelConfig, 'groupPolicy' | 'groups' | 'dispatchMode'>,
): GateResult {
  if (message.conversation.type !== 'group') return { admit: true };
  const id = message.conversation.id;
  if (channel.groupPolicy === 'disabled') {
    return { admit: false, reason: 'groups-disabled' };
  }
  if (channel.groupPolicy === 'allowlist' && !Object.hasOwn(channel.groups, id)) {
    return { admit: false, reason: 'group-not-allowed' };
  }
  if (groupSettingsOf(channel, id).requireMention && !message.isMentioned) {
    return { admit: false, reason: 'mention-required' };
  }
  return { admit: true };
}
