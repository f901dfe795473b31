import { DingTalkError } from './errors.js';
import type { ProxyServer } from './proxy-rules.js';

/**
 * The proxy answered, but would not pass the call on. Its own answer, not DingTalk's: a 407 is about the proxy's
 * user name and password, which DingTalk never sees.
 */
export function proxyRefused(proxy: ProxyServer, status: number, to: string): DingTalkError {
  const why = status === 407 ? ': it wants a user name and password, or did not accept the ones in the proxy URL' : '';
  return new DingTalkError(`The proxy ${proxy.shown} refused to connect to ${to} (HTTP ${status})${why}.`, {
    kind: 'network',
    status,
    problem: { code: 'proxy-refused', proxy: proxy.shown, status, detail: to },
  });
}

/** The proxy itself could not be reached, or dropped the tunnel before answering. */
export function proxyUnreachable(proxy: ProxyServer, cause: string): DingTalkError {
  return new DingTalkError(`Could not reach the proxy ${proxy.shown}: ${cause}.`, {
    kind: 'network',
    problem: { code: 'proxy-unreachable', proxy: proxy.shown, detail: cause },
  });
}
