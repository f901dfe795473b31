import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../core/engine.js';
import { WS_MAX_PAYLOAD_BYTES, WS_PATH, WsRequestSchema } from '../contract/ws-protocol.js';

export interface WsTransportOptions {
  token: string;
  /** Origins a browser may connect from: the daemon's own page. */
  allowedOrigins: () => string[];
}

const sameToken = (given: string | null, expected: string) => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

function refuse(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
}

/**
 * The contract over a WebSocket on the daemon's loopback port: only with this launch's token, only from the
 * daemon's own page (or a client that sends no Origin, like the CLI), every message checked.
 */
export function attachWsTransport(server: Server, engine: Engine, options: WsTransportOptions): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== WS_PATH) return refuse(socket, 404, 'Not Found');
    if (!sameToken(url.searchParams.get('token'), options.token)) return refuse(socket, 401, 'Unauthorized: missing or wrong token');
    const origin = request.headers.origin;
    if (origin !== undefined && !options.allowedOrigins().includes(origin)) return refuse(socket, 403, 'Forbidden: foreign origin');
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws));
  };
  const serve = (ws: WebSocket) => {
    const stop = engine.subscribe((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    });
    ws.on('close', stop);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'invalid_input', message: 'The message is not JSON.' } } }));
        return;
      }
      const request = WsRequestSchema.safeParse(raw);
      if (!request.success) {
        ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'invalid_input', message: 'A request needs a numeric "id" and an operation "name".' } } }));
        return;
      }
      void engine.dispatch(request.data.name, request.data.input).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: request.data.id, result }));
      });
    });
  };
  server.on('upgrade', onUpgrade);
  return async () => {
    server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
