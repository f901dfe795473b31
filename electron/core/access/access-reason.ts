import { z } from 'zod';
import { MAX_PENDING, MAX_PENDING_PER_CONVERSATION } from './pairing-limits.js';

/** Why access control let a message through or not; the app words each one in the user's language. */
export const AccessReasonSchema = z.enum([
  'groups-disabled',
  'group-not-allowed',
  'mention-required',
  'open',
  'allowed-user',
  'approved',
  'not-allowed',
  'other-organisation',
  'denied',
  'pairing-full',
  'pairing-conversation-full',
  'pairing-requested',
  'pairing-pending',
]);
export type AccessReason = z.infer<typeof AccessReasonSchema>;

/** The reasons in English, as the log file, its search and the CLI show them. */
export const ACCESS_REASON_TEXT: Record<AccessReason, string> = {
  'groups-disabled': 'the bot does not answer in groups (groupPolicy "disabled")',
  'group-not-allowed': 'this group is not on the bot’s group allowlist (groupPolicy "allowlist")',
  'mention-required': 'the bot was not @-mentioned and this group requires it (requireMention)',
  open: 'anyone may talk to this bot (senderPolicy "open")',
  'allowed-user': 'on the allowedUsers list',
  approved: 'approved earlier',
  'not-allowed': 'not on the allowlist (senderPolicy "allowlist")',
  'other-organisation': 'from another organisation, and the allowlist does not name them as corpId/staffId (senderPolicy "allowlist")',
  denied: 'denied earlier by the operator',
  'pairing-full': `too many pairing requests are waiting (at most ${MAX_PENDING} for this bot); listed as refused in the app`,
  'pairing-conversation-full': `too many pairing requests are waiting from this group (at most ${MAX_PENDING_PER_CONVERSATION}); listed as refused in the app`,
  'pairing-requested': 'unknown sender; pairing requested',
  'pairing-pending': 'unknown sender; pairing already requested',
};
