import { z } from 'zod';
import { ConversationTypeSchema } from '../chat/conversation-type.js';

/** Which ACP session serves a key, as the session file keeps it. */
export const SessionRecordSchema = z.object({
  sessionId: z.string(),
  conversationId: z.string(),
  conversationType: ConversationTypeSchema,
  conversationTitle: z.string().optional(),
  senderId: z.string().optional(),
  senderNick: z.string().optional(),
  createdAt: z.number(),
  lastUsedAt: z.number(),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

/** A session as the window lists it: who it is with, and whether it is working. */
export const SessionInfoSchema = SessionRecordSchema.omit({ createdAt: true })
  .partial({ sessionId: true })
  .extend({
    key: z.string(),
    busy: z.boolean(),
    runningSince: z.number().optional(),
    queued: z.number(),
  });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
