import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ProxyRules, ProxyServer } from './proxy-rules.js';
import { SecureTunnelAgent } from './tunnel-agent.js';
import { proxyRefused } from './proxy-errors.js';

/**
 * Connections stay open between calls, so a reply does not pay for a new TCP and TLS handshake each time;
 * a burst queues for a few sockets rather than opening hundreds, and only a few idle ones are kept.
 * Best-effort calls have sockets of their own, so a reply never queues behind a thousand 👀 reactions.
 * Through a proxy, each https socket is a tunnel; plain http is handed to the proxy to forward.
 */
function pool(maxSockets: number, proxy: ProxyServer | undefined) {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: 4 };
  return { 'http:': new HttpAgent(options), 'https:': proxy ? new SecureTunnelAgent(proxy, options) : new HttpsAgent(options) } as const;
}
type Pools = { foreground: ReturnType<typeof pool>; background: ReturnType<typeof pool> };

const direct: Pools = { foreground: pool(16, undefined), background: pool(4, undefined) };
/** One set per proxy, shared by the channels that use it, and kept only while one does. */
const proxied = new Map<string, { pools: Pools; users: number }>();

function closePools(pools: Pools): void {
  for (const agents of [pools.foreground, pools.background]) {
    agents['http:'].destroy();
    agents['https:'].destroy();
  }
}

/**
 * Keeps open the pools of every proxy `rules` can pick, until the function returned is called. The last user of a
 * proxy closes its connections: a proxy tried once (in "Test connection", or before a channel's setting changed) does
 * not keep tunnels and sockets for as long as the app runs.
 */
export function holdPools(rules: ProxyRules): () => void {
  const keys = rules.servers().map((proxy) => {
    const held = proxied.get(proxy.key);
    if (held) held.users += 1;
    else proxied.set(proxy.key, { pools: { foreground: pool(16, proxy), background: pool(4, proxy) }, users: 1 });
    return proxy.key;
  });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const key of keys) {
      const held = proxied.get(key);
      if (!held || --held.users > 0) continue;
      proxied.delete(key);
      closePools(held.pools);
    }
  };
}

/** How many proxies have pools open: for tests, which check that a proxy no one uses is let go of. */
export const openProxyPools = (): number => proxied.size;

/**
 * A call through a proxy whose pools no one holds (one made after its channel stopped) has connections of its own,
 * closed when it is done, rather than pools no one would close.
 */
const unpooled = (proxy: ProxyServer) => ({ 'http:': new HttpAgent(), 'https:': new SecureTunnelAgent(proxy) });

function agentsFor(proxy: ProxyServer | undefined, background = false) {
  const side = background ? 'background' : 'foreground';
  if (!proxy) return direct[side];
  return proxied.get(proxy.key)?.pools[side] ?? unpooled(proxy);
}

export interface OutgoingRequest {
  method: string;
  headers: Record<string, string | number>;
  signal: AbortSignal;
  proxy: ProxyRules;
  background?: boolean;
}

/**
 * Opens one request over node:http(s), which costs a fraction of what fetch does per call, through the proxy the
 * rules pick for `url`. The response's status is the server's: a proxy's refusal is an error that names the proxy.
 * @throws DingTalkError when the proxy configured cannot be used.
 */
export function openRequest(url: string, request: OutgoingRequest, onResponse: (response: IncomingMessage) => void): ClientRequest {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`${target.protocol} is not an http(s) address`);
  const proxy = request.proxy.serverFor(target);
  const agents = agentsFor(proxy, request.background);
  const { method, headers, signal } = request;
  if (target.protocol === 'https:') return httpsRequest(target, { method, headers, signal, agent: agents['https:'] }, onResponse);
  if (!proxy) return httpRequest(target, { method, headers, signal, agent: agents['http:'] }, onResponse);
  const outgoing = httpRequest(
    {
      host: proxy.host,
      port: proxy.port,
      path: target.href,
      method,
      headers: { ...headers, Host: target.host, ...(proxy.authorization ? { 'Proxy-Authorization': proxy.authorization } : {}) },
      signal,
      agent: agents['http:'],
    },
    (response) => {
      // The answer is the proxy's own, not the server's; its socket is not reused, its body not read.
      if (response.statusCode === 407) outgoing.destroy(proxyRefused(proxy, 407, target.host));
      else onResponse(response);
    },
  );
  return outgoing;
}
