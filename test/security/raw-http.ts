import { connect } from 'node:net';

/** What came back on a raw socket: the status of the first response, if one came, and whether the server closed. */
export interface RawAnswer {
  status?: number;
  /** The response head as sent (status line and headers). */
  head: string;
  closed: boolean;
}

export interface RawOptions {
  /** Reset the connection (TCP RST) right after writing, as a client that goes away mid-request. */
  reset?: boolean;
  waitMs?: number;
}

/**
 * Writes `bytes` to the daemon's port as they are, no HTTP client in between to tidy them up, and reads what
 * comes back until the response head is complete, the server closes, or `waitMs` pass.
 */
export function rawRequest(port: number, bytes: string | Buffer, options: RawOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const head = received.split('\r\n\r\n')[0] ?? '';
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      resolve({ ...(status ? { status: Number(status) } : {}), head, closed });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 3_000);
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) finish(false);
    });
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.reset) socket.resetAndDestroy();
    });
  });
}

/** A WebSocket handshake for `target`, with `headers` added (or replacing the usual ones when named the same). */
export function upgradeRequest(target: string, headers: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    Host: '127.0.0.1',
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
  };
  return `GET ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}
