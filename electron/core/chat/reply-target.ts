import { z } from 'zod';
import { ConversationTypeSchema } from './conversation-type.js';

/**
 * Where a reply goes: the conversation, the short-lived address the platform gave with the message (DingTalk's
 * session webhook) while it lives, and the person of a direct chat, for when that address is gone.
 */
export const ReplyTargetSchema = z.object({
  conversationId: z.string(),
  conversationType: ConversationTypeSchema,
  /** The person of a direct chat (their staffId on DingTalk), for when the short-lived address is gone. */
  staffId: z.string().optional(),
  webhook: z.object({ url: z.string(), expiresAt: z.number().optional() }).optional(),
});
export type ReplyTarget = z.infer<typeof ReplyTargetSchema>;
