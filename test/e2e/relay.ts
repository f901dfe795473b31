import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP relay to the daemon, standing in for the SSH tunnel a headless server is reached through. It can
 * be cut and brought back on the same port, so the window's link drops and returns while the daemon (and its
 * per-launch token) stays the same, which restarting the daemon itself cannot give.
 *
 * The daemon accepts a browser only from its own origin; a real tunnel keeps the port number, a relay on one
 * loopback cannot, so it rewrites the Origin the page sends to the daemon's.
 */
export class Relay {
  readonly port: number;
  #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(
    server: Server,
    private readonly target: number,
  ) {
    this.#server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  static async open(target: number, port = 0): Promise<Relay> {
    const relay = new Relay(await Relay.#listen(port, (socket) => relay.#pipe(socket)), target);
    return relay;
  }

  static #listen(port: number, onSocket: (socket: Socket) => void): Promise<Server> {
    const server = createServer((socket) => onSocket(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  #pipe(client: Socket): void {
    const upstream = connect(this.target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const ours = `Origin: ${this.url}\r\n`;
    const theirs = `Origin: http://127.0.0.1:${this.target}\r\n`;
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      upstream.write(text.includes(ours) ? Buffer.from(text.replace(ours, theirs), 'latin1') : chunk);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  /** Every connection through it dropped, and no new one taken: to the window, the daemon is gone. */
  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  /** Listening again on the same port. */
  async restore(): Promise<void> {
    this.#server = await Relay.#listen(this.port, (socket) => this.#pipe(socket));
  }

  close(): Promise<void> {
    return this.cut();
  }
}
