import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../core/engine/engine.js';
import { WS_MAX_PAYLOAD_BYTES, WS_PATH, WsRequestSchema } from '../contract/ws-protocol.js';
import { requestTarget } from './request-target.js';
import { sameSecret } from './same-secret.js';

export interface WsTransportOptions {
  /** This launch's token, which the CLI sends as `?token=`. */
  token: string;
  /** Origins a browser may connect from: the daemon's own page. */
  allowedOrigins: () => string[];
  /** Whether the request carries the window's cookie (see window-login.ts). */
  hasWindowCookie: (request: IncomingMessage) => boolean;
}

const REASONS = {
  400: 'Bad Request',
  401: 'Unauthorized: missing or wrong token',
  403: 'Forbidden: foreign origin',
  404: 'Not Found',
} as const;

function refuse(socket: Duplex, status: keyof typeof REASONS): void {
  const reason = REASONS[status];
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
}

/**
 * The contract over a WebSocket on the daemon's loopback port. Only from the daemon's own page (or a client that
 * sends no Origin, like the CLI), and only with this launch's token, or from a browser with the window's cookie;
 * every message checked.
 */
export function attachWsTransport(server: Server, engine: Engine, options: WsTransportOptions): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node leaves an upgrading socket's errors to us: a client that resets it must not take the daemon down.
    socket.on('error', () => socket.destroy());
    const target = requestTarget(request.url);
    if (!target) return refuse(socket, 400);
    if (target.pathname !== WS_PATH) return refuse(socket, 404);
    const origin = request.headers.origin;
    if (origin !== undefined && !options.allowedOrigins().includes(origin)) return refuse(socket, 403);
    // The cookie counts only with the page's Origin: a browser always sends one, and nothing else should use it.
    const admitted = sameSecret(target.query.get('token'), options.token) || (origin !== undefined && options.hasWindowCookie(request));
    if (!admitted) return refuse(socket, 401);
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
