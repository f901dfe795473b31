import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { openRequest, type OutgoingRequest } from './connection-pools.js';

/** A body sent as it is read (a file from disk), never whole in memory; its length is known before it is sent. */
export interface StreamedBody {
  contentType: string;
  length: number;
  writeTo(destination: Writable): Promise<void>;
}

/**
 * Sends one request and hands back the answer as soon as its headers arrive, its body still to be read, so a caller
 * can stream it to disk or read it whole.
 * @throws DingTalkError when the proxy configured cannot be used or refuses the call.
 */
export function exchange(url: string, request: OutgoingRequest, body?: string | StreamedBody): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = openRequest(url, request, resolve);
    outgoing.on('error', reject);
    if (typeof body === 'object') body.writeTo(outgoing).catch((error: unknown) => outgoing.destroy(error instanceof Error ? error : new Error(String(error))));
    else outgoing.end(body);
  });
}

/** The answer's body as it arrives, cut off once it passes `maxBytes`: a server sending more does not fill memory or disk. */
export async function* capped(response: IncomingMessage, maxBytes: number, tooLarge: () => Error): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    yield chunk;
  }
}
