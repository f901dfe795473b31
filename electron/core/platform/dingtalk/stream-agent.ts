import type { Agent } from 'node:http';
import type { ProxyRules } from './proxy-rules.js';
import { PlainTunnelAgent, SecureTunnelAgent } from './tunnel-agent.js';

/**
 * The agent the Stream socket is opened with: a CONNECT tunnel when a proxy is to be used, for ws:// as well as wss://,
 * since a proxy forwarding plain requests does not pass a WebSocket upgrade on. Undefined means a direct connection.
 * One per socket, never pooled: the socket stays open for hours and is never handed back.
 * @throws DingTalkError when the proxy configured cannot be used.
 */
export function streamAgent(url: string, rules: ProxyRules): Agent | undefined {
  const target = new URL(url);
  const proxy = rules.serverFor(target);
  if (!proxy) return undefined;
  return target.protocol === 'wss:' || target.protocol === 'https:' ? new SecureTunnelAgent(proxy) : new PlainTunnelAgent(proxy);
}
