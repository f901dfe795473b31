import { z } from 'zod';
import { ConversationTypeSchema } from '../chat/conversation-type.js';
import { KeptMessageSchema } from '../chat/chat-message.js';

/** A pairing request waiting for the operator; also what the window shows of it, less the message. */
export const PendingSchema = z.object({
  code: z.string(),
  staffId: z.string(),
  nick: z.string(),
  conversationId: z.string(),
  conversationType: ConversationTypeSchema,
  createdAt: z.number(),
  expiresAt: z.number(),
  codeSentAt: z.number().optional(),
  /** The message that asked, answered once the person is approved. */
  message: KeptMessageSchema.optional(),
});

export const ApprovedSchema = z.object({ staffId: z.string(), nick: z.string(), approvedAt: z.number(), via: z.enum(['pairing', 'app']) });

/**
 * Someone whose pairing request a limit refused (see pairing-limits.ts), one entry per person with their latest try:
 * what the operator sees to let them in or clear.
 */
export const RefusedSchema = z.object({
  staffId: z.string(),
  nick: z.string(),
  conversationId: z.string(),
  conversationType: ConversationTypeSchema,
  /** Which limit: the bot's whole queue, or this group's share of it. */
  limit: z.enum(['channel', 'conversation']),
  firstAt: z.number(),
  lastAt: z.number(),
  /** How many of their messages were refused. */
  count: z.number().int().positive(),
});
