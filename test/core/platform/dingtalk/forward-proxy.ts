import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach } from 'vitest';

/** A forward proxy on 127.0.0.1, as a corporate one works: CONNECT tunnels and plain requests forwarded, each counted. */
export interface ForwardProxy {
  url: string;
  port: number;
  /** The `host:port` of each tunnel asked for, allowed or not. */
  connects: string[];
  /** The path of each plain request forwarded. */
  forwarded: string[];
  /** How many connections from clients the proxy has open now, tunnels and kept-alive ones alike. */
  openConnections(): number;
}

const running: Array<{ server: Server; sockets: Set<Socket> }> = [];
afterEach(async () => {
  for (const { server, sockets } of running.splice(0)) {
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** `credentials` (`user:password`): anything asked without them is answered 407, as by a proxy that wants a login. */
export async function startForwardProxy(options: { credentials?: string } = {}): Promise<ForwardProxy> {
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;
  const allowed = (header: string | undefined) => expected === undefined || header === expected;
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  const proxy = { url: '', port: 0, connects: [] as string[], forwarded: [] as string[], openConnections: () => clients.size };
  const server = createServer((req, res) => {
    if (!allowed(req.headers['proxy-authorization'])) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end('login first');
      return;
    }
    const target = new URL(req.url ?? '');
    proxy.forwarded.push(target.pathname);
    const { 'proxy-authorization': _login, ...headers } = req.headers;
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (client: Socket) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    proxy.connects.push(req.url ?? '');
    if (!allowed(req.headers['proxy-authorization'])) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host = '', port = ''] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({ server, sockets });
  proxy.port = (server.address() as AddressInfo).port;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  return proxy;
}
