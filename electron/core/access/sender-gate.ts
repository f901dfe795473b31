import type { ChannelConfig } from '../config/channel-schema.js';
import type { PairingStore } from './pairing-store.js';
import type { AccessReason } from './access-reason.js';

export type SenderDecision = { admit: true; reason: AccessReason } | { admit: false; reason: AccessReason; pair: boolean };

/** Whether this person may use the bot: everyone, the allowlist (static or approved), or after pairing. */
export function checkSender(
  staffId: string,
  channel: Pick<ChannelConfig, 'senderPolicy' | 'allowedUsers'>,
  pairing: PairingStore,
): SenderDecision {
  if (channel.senderPolicy === 'open') return { admit: true, reason: 'open' };
  if (channel.allowedUsers.includes(staffId)) return { admit: true, reason: 'allowed-user' };
  if (pairing.isApproved(staffId)) return { admit: true, reason: 'approved' };
  if (channel.senderPolicy === 'allowlist') {
    return { admit: false, reason: 'not-allowed', pair: false };
  }
  if (pairing.isDenied(staffId)) return { admit: false, reason: 'denied', pair: false };
  return { admit: false, reason: 'pairing-requested', pair: true };
}
