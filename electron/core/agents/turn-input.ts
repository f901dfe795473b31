import { z } from 'zod';
import { ConversationTypeSchema } from '../chat/conversation-type.js';
import { AttachmentKindSchema } from '../chat/chat-message.js';

export const SavedFileSchema = z.object({
  kind: AttachmentKindSchema,
  path: z.string(),
  mimeType: z.string(),
  fileName: z.string(),
});

/** One user message as the agents see it: the envelope's words, who said them where, and files already saved. */
export const TurnInputSchema = z.object({
  msgId: z.string(),
  conversationId: z.string(),
  conversationType: ConversationTypeSchema,
  conversationTitle: z.string().optional(),
  senderId: z.string(),
  senderNick: z.string(),
  text: z.string(),
  quoted: z.object({ text: z.string(), senderNick: z.string().optional() }).optional(),
  files: z.array(SavedFileSchema).default([]),
});

export type SavedFile = z.infer<typeof SavedFileSchema>;
export type TurnInput = z.input<typeof TurnInputSchema>;
