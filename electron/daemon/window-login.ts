import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WINDOW_SECURITY_HEADERS } from '../core/desktop/window-files.js';
import { WS_PATH } from '../contract/ws-protocol.js';
import { requestTarget } from './request-target.js';
import { sameSecret } from './same-secret.js';

/**
 * How a browser holds the key to the daemon. The printed link carries the launch's token; loading it swaps the
 * token for a cookie and sends the browser on to the window's page without it, so the token never stays in the
 * address bar or the tab's history, and the page's scripts never see it.
 */
export interface WindowLogin {
  /** Answers a request that carries `?token=` with that swap; false for any other request. */
  exchange(request: IncomingMessage, response: ServerResponse): boolean;
  /** Whether a request carries this launch's cookie. */
  admits(request: IncomingMessage): boolean;
}

/** The value of each cookie called `name` in a Cookie header (another port's page may have set one too). */
function cookieValues(header: string | undefined, name: string): string[] {
  return (header ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
}

export function windowLogin(token: string, port: number): WindowLogin {
  // Not the token itself: a cookie is sent on its own by the browser, and the CLI's key should not ride in one.
  const key = randomBytes(24).toString('hex');
  // Browsers share a host's cookies between its ports: the port in the name keeps two daemons apart.
  const name = `dingbridge-${port}`;
  // HttpOnly: no script reads it. SameSite=Strict: no other site's page makes the browser send it. Path: sent to
  // the contract's socket only, not to every page of 127.0.0.1. No Max-Age: it ends with the browser session, and
  // the next launch's key replaces it.
  const cookie = `${name}=${key}; Path=${WS_PATH}; HttpOnly; SameSite=Strict`;
  return {
    exchange(request, response) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const target = requestTarget(request.url);
      if (!target?.query.has('token')) return false;
      // Always to the window's one page, never to the path asked for: `/.//elsewhere` would leave the daemon.
      // A wrong or old token gets no cookie but leaves the address all the same: the page then says the link is stale.
      response
        .writeHead(303, {
          Location: '/',
          'Cache-Control': 'no-store',
          ...(sameSecret(target.query.get('token'), token) ? { 'Set-Cookie': cookie } : {}),
          ...WINDOW_SECURITY_HEADERS,
        })
        .end();
      return true;
    },
    admits(request) {
      return cookieValues(request.headers.cookie, name).some((value) => sameSecret(value, key));
    },
  };
}
