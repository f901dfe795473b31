import { Agent as HttpAgent, request as httpRequest, type AgentOptions, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { ProxyServer } from './proxy-rules.js';
import { proxyRefused, proxyUnreachable } from './proxy-errors.js';

/** A proxy that accepts the connection and then says nothing must not hold a call for ever. */
const CONNECT_TIMEOUT_MS = 15_000;

/** Asks the proxy for a CONNECT tunnel to host:port; rejects with an error that names the proxy, never its password. */
function openTunnel(proxy: ProxyServer, host: string, port: number): Promise<Socket> {
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority, ...(proxy.authorization ? { 'Proxy-Authorization': proxy.authorization } : {}) },
      agent: false,
      timeout: CONNECT_TIMEOUT_MS,
    });
    request.once('connect', (response, socket, head) => {
      request.setTimeout(0);
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(proxyRefused(proxy, response.statusCode ?? 0, authority));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('timeout', () => request.destroy(new Error(`no answer to the tunnel request within ${CONNECT_TIMEOUT_MS / 1000} s`)));
    request.once('error', (error) => reject(proxyUnreachable(proxy, error.message)));
    request.end();
  });
}

type Created = (error: Error | null, stream: Duplex) => void;

function endpointOf(options: ClientRequestArgs): { host: string; port: number } {
  return { host: options.host ?? options.hostname ?? 'localhost', port: Number(options.port) };
}

/**
 * An https agent whose connections are TLS inside a CONNECT tunnel: the proxy sees only the host and port, and
 * keep-alive pooling works as with a direct agent, each pooled socket being one tunnel.
 */
export class SecureTunnelAgent extends HttpsAgent {
  constructor(
    private readonly proxy: ProxyServer,
    options: AgentOptions = {},
  ) {
    super(options);
  }

  override createConnection(options: ClientRequestArgs, created?: Created): undefined {
    const { host, port } = endpointOf(options);
    openTunnel(this.proxy, host, port).then(
      (socket) => {
        const tls = options as ConnectionOptions;
        const servername = tls.servername ?? (isIP(host) ? undefined : host);
        created?.(null, tlsConnect({ ...tls, host, port, socket, ...(servername ? { servername } : {}) }));
      },
      (error: Error) => created?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** A plain agent over a CONNECT tunnel: for the ws:// socket, whose upgrade a forwarding proxy would not pass on. */
export class PlainTunnelAgent extends HttpAgent {
  constructor(private readonly proxy: ProxyServer) {
    super();
  }

  override createConnection(options: ClientRequestArgs, created?: Created): undefined {
    const { host, port } = endpointOf(options);
    openTunnel(this.proxy, host, port).then(
      (socket) => created?.(null, socket),
      (error: Error) => created?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}
