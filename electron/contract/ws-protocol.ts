import { z } from 'zod';
import { ResultSchema } from './errors.js';
import { SIMULATOR_MESSAGE_MAX_BYTES } from '../core/platform/simulator/simulator-limits.js';

/** Window → engine over the daemon's WebSocket. */
export const WsRequestSchema = z.object({ id: z.number().int(), name: z.string(), input: z.unknown().optional() });

/** Engine → window: an answer to a request, or an event. */
export const WsMessageSchema = z.union([
  z.object({ id: z.number().int().nullable(), result: ResultSchema }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);

export type WsRequest = z.infer<typeof WsRequestSchema>;
export type WsMessage = z.infer<typeof WsMessageSchema>;

/** The path the daemon serves the contract on: the CLI sends its token in the query string, the window a cookie. */
export const WS_PATH = '/api';

/**
 * The most the daemon's socket takes in one message: a bigger one closes the socket, and the window loses its
 * link. Sized for the largest request the window makes, a simulator message with its file.
 */
export const WS_MAX_PAYLOAD_BYTES = SIMULATOR_MESSAGE_MAX_BYTES;
