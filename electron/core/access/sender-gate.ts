import type { ChannelConfig } from '../config/channel-schema.js';
import type { PairingStore } from './pairing-store.js';
import type { AccessReason } from './access-reason.js';

export type SenderDecision = { admit: true; reason: AccessReason } | { admit: false; reason: AccessReason; pair: boolean };

/** The sender as access control sees them: their key (see sender-identity.ts) and whether they are of another organisation. */
export interface GateSender {
  id: string;
  otherOrganisation: boolean;
}

/**
 * Whether this person may use the bot: everyone of the bot's organisation, the allowlist, or after pairing. People the
 * operator approved (by pairing or from the app) count under `allowlist` and `pairing` alike. Someone from another
 * organisation is a stranger unless the allowlist or an approval names them with their organisation: `open` means the
 * bot's own organisation, so they ask for pairing there; under `allowlist` they are ignored like any stranger.
 */
export function checkSender(sender: GateSender, channel: Pick<ChannelConfig, 'senderPolicy' | 'allowedUsers'>, pairing: PairingStore): SenderDecision {
  if (channel.senderPolicy === 'open' && !sender.otherOrganisation) return { admit: true, reason: 'open' };
  if (channel.allowedUsers.includes(sender.id)) return { admit: true, reason: 'allowed-user' };
  if (pairing.isApproved(sender.id)) return { admit: true, reason: 'approved' };
  if (channel.senderPolicy === 'allowlist') {
    return { admit: false, reason: sender.otherOrganisation ? 'other-organisation' : 'not-allowed', pair: false };
  }
  if (pairing.isDenied(sender.id)) return { admit: false, reason: 'denied', pair: false };
  return { admit: false, reason: 'pairing-requested', pair: true };
}
