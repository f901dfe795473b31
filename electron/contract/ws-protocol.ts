import { z } from 'zod';
import { ResultSchema } from './errors.js';

/** Window → engine over the daemon's WebSocket. */
export const WsRequestSchema = z.object({ id: z.number().int(), name: z.string(), input: z.unknown().optional() });

/** Engine → window: an answer to a request, or an event. */
export const WsMessageSchema = z.union([
  z.object({ id: z.number().int().nullable(), result: ResultSchema }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);

export type WsRequest = z.infer<typeof WsRequestSchema>;
export type WsMessage = z.infer<typeof WsMessageSchema>;

/** The path the daemon serves the contract on; the token rides in the query string. */
export const WS_PATH = '/api';
