import type { Link } from './client.js';
import type { InvokeName } from './contract.js';
import type { Result } from './errors.js';
import { WsMessageSchema } from './ws-protocol.js';

/** The part of the WebSocket API both browsers and the `ws` package offer. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface WsLinkOptions {
  /** Reconnect after the connection drops (the window wants this; a one-shot CLI does not). */
  reconnect?: boolean;
  onStatus?: (status: 'connecting' | 'open' | 'closed') => void;
}

const OPEN = 1;

/** A link to the daemon over a WebSocket, answering each request by id and passing events on. */
export function wsLink(url: string, create: (url: string) => WebSocketLike, options: WsLinkOptions = {}): Link & { close(): void } {
  const pending = new Map<number, (result: Result) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocketLike;
  let closedByUs = false;
  let retry = 500;

  const connect = () => {
    options.onStatus?.('connecting');
    socket = create(url);
    socket.addEventListener('open', () => {
      retry = 500;
      options.onStatus?.('open');
      for (const message of queue.splice(0)) socket.send(message);
    });
    socket.addEventListener('message', (event) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const message = WsMessageSchema.safeParse(parsed);
      if (!message.success) return;
      const data = message.data;
      if ('event' in data) {
        for (const listener of listeners) listener(data.event, data.payload);
        return;
      }
      if (data.id === null) return;
      const answer = pending.get(data.id);
      pending.delete(data.id);
      answer?.(data.result);
    });
    socket.addEventListener('close', () => {
      options.onStatus?.('closed');
      for (const answer of pending.values()) {
        answer({ ok: false, error: { code: 'disconnected', message: 'The connection to Dingbridge closed before it answered.' } });
      }
      pending.clear();
      queue.length = 0;
      if (options.reconnect && !closedByUs) {
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 10_000);
      }
    });
    socket.addEventListener('error', () => undefined);
  };
  connect();

  return {
    invoke(name: InvokeName, input: unknown) {
      const id = nextId++;
      const message = JSON.stringify({ id, name, input });
      return new Promise<Result>((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === OPEN) socket.send(message);
        else if (closedByUs) resolve({ ok: false, error: { code: 'disconnected', message: 'The connection was closed.' } });
        else queue.push(message);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closedByUs = true;
      socket.close();
    },
  };
}

