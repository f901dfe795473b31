import { z } from 'zod';

/**
 * Where a message was written: to the bot alone, or in a group. One name for it in every layer, whatever a chat
 * platform calls it on its wire (DingTalk: "1" and "2").
 */
export const ConversationTypeSchema = z.enum(['dm', 'group']);
export type ConversationType = z.infer<typeof ConversationTypeSchema>;
