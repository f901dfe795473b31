import { z } from 'zod';
import { InboundEnvelopeSchema } from '../dingtalk/envelope.js';

/** A pairing request waiting for the operator; also what the window shows of it, less the message. */
export const PendingSchema = z.object({
  code: z.string(),
  staffId: z.string(),
  nick: z.string(),
  conversationId: z.string(),
  conversationType: z.enum(['dm', 'group']),
  createdAt: z.number(),
  expiresAt: z.number(),
  codeSentAt: z.number().optional(),
  /** The message that asked, answered once the person is approved. */
  message: InboundEnvelopeSchema.optional(),
});

export const ApprovedSchema = z.object({ staffId: z.string(), nick: z.string(), approvedAt: z.number(), via: z.enum(['pairing', 'app']) });
