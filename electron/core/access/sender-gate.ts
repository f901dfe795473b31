import type { ChannelConfig } from '../config/channel-schema.js';
import type { PairingStore } from './pairing-store.js';

export type SenderDecision = { admit: true; reason: string } | { admit: false; reason: string; pair: boolean };

/** Whether this person may use the bot: everyone, the allowlist (static or approved), or after pairing. */
export function checkSender(
  staffId: string,
  channel: Pick<ChannelConfig, 'senderPolicy' | 'allowedUsers'>,
  pairing: PairingStore,
): SenderDecision {
  if (channel.senderPolicy === 'open') return { admit: true, reason: 'anyone may talk to this bot (senderPolicy "open")' };
  if (channel.allowedUsers.includes(staffId)) return { admit: true, reason: 'on the allowedUsers list' };
  if (pairing.isApproved(staffId)) return { admit: true, reason: 'approved earlier' };
  if (channel.senderPolicy === 'allowlist') {
    return { admit: false, reason: 'not on the allowlist (senderPolicy "allowlist")', pair: false };
  }
  if (pairing.isDenied(staffId)) return { admit: false, reason: 'denied earlier by the operator', pair: false };
  return { admit: false, reason: 'unknown sender; pairing required (senderPolicy "pairing")', pair: true };
}
