import { z } from 'zod';
import { ConversationTypeSchema } from './conversation-type.js';

/** What kind of file a person sent: every platform's pictures, files, voice and video come as one of these. */
export const AttachmentKindSchema = z.enum(['image', 'file', 'audio', 'video']);

export const ChatConversationSchema = z.object({
  id: z.string(),
  type: ConversationTypeSchema,
  /** A group's name. */
  title: z.string().optional(),
});

/**
 * What any chat platform's message has, and what the gates and the agents need of it: where it was said, by whom,
 * its words, and whether it spoke to the bot. A platform's own message extends it with what only it needs.
 */
export const ChatMessageSchema = z.object({
  msgId: z.string(),
  conversation: ChatConversationSchema,
  sender: z.object({
    /** What allowlists, pairings and sessions key on. */
    id: z.string(),
    nick: z.string(),
  }),
  text: z.string(),
  isMentioned: z.boolean(),
  createdAt: z.number(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/**
 * A message kept on disk to be taken up again (owed an answer, or waiting with a pairing request): what every
 * platform's message has is checked, and the platform's own fields are kept as they came, for it to read back
 * (`ChatPlatform.revive`).
 */
export const KeptMessageSchema = ChatMessageSchema.extend({
  conversation: ChatConversationSchema.loose(),
  sender: ChatMessageSchema.shape.sender.loose(),
}).loose();
export type KeptMessage = z.infer<typeof KeptMessageSchema>;
