import { z } from 'zod';

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';
/** Where a click on an AI card's button arrives. */
export const CARD_TOPIC = '/v1.0/card/instances/callback';

/** A downstream Stream frame as far as routing and ACKing need it; everything else is kept as sent. */
export const StreamFrameSchema = z.looseObject({
  type: z.string(),
  headers: z.looseObject({
    messageId: z.string().min(1),
    topic: z.string(),
  }),
  data: z.string().optional(),
});

export type StreamFrame = z.infer<typeof StreamFrameSchema>;

/** The messageId of a frame that failed validation, if one can still be found, so it can be ACKed anyway. */
export function salvageMessageId(frame: unknown): string | undefined {
  if (!frame || typeof frame !== 'object') return undefined;
  const headers = (frame as { headers?: unknown }).headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const id = (headers as { messageId?: unknown }).messageId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
