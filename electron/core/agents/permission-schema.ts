import { z } from 'zod';

import { PermissionDecisionSchema, type PermissionDecision } from '../chat/permission-decision.js';

export { PermissionDecisionSchema, type PermissionDecision };

/** A tool permission waiting for an answer, as the window and the chat show it. */
export const PendingPermissionSchema = z.object({
  id: z.string(),
  sessionKey: z.string(),
  sessionId: z.string(),
  /** Where it was asked: the one conversation where it can be answered in the chat. */
  conversationId: z.string(),
  /** Who caused it: the sender of the message the agent is working on. */
  senderId: z.string().optional(),
  senderNick: z.string().optional(),
  title: z.string(),
  kind: z.string().optional(),
  /** What the tool wants to do (a command, a path), whole; cut only past `DETAIL_MAX_CHARS`, and then marked. */
  detail: z.string().optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type PendingPermission = z.infer<typeof PendingPermissionSchema>;

/** The short code a chat answer names a request by (`/approve 3F9A2C`): the start of its id. */
export const permissionCode = (id: string): string => id.replace(/-/g, '').slice(0, 6).toUpperCase();

/** Who said "always": the operator in the window or at the command line, or someone in the conversation. */
export const ApprovalGiverSchema = z.object({
  via: z.enum(['app', 'cli', 'chat']),
  staffId: z.string().optional(),
  nick: z.string().optional(),
});
export type ApprovalGiver = z.infer<typeof ApprovalGiverSchema>;

/** One exact command the agent may run again without asking, until it is revoked in the window. */
export const RememberedApprovalSchema = z.object({
  id: z.string(),
  /** The command's fingerprint (see exact-command.ts): only a call with the same one is covered. */
  fingerprint: z.string(),
  title: z.string(),
  kind: z.string().optional(),
  /** The command as it was shown when it was approved. */
  detail: z.string().optional(),
  allowedBy: ApprovalGiverSchema,
  allowedAt: z.number(),
  /** How often it let the command run without asking. */
  uses: z.number().int().nonnegative(),
  lastUsedAt: z.number().optional(),
});
export type RememberedApproval = z.infer<typeof RememberedApprovalSchema>;
