import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WINDOW_SECURITY_HEADERS } from '../core/desktop/window-files.js';
import { WS_PATH } from '../contract/ws-protocol.js';
import { requestTarget } from './request-target.js';
import { sameSecret } from './same-secret.js';
import { usedLinkPage } from './used-link-page.js';

/** How long a link works if nobody opens it: long enough to copy it into a browser, short enough to go stale. */
export const LOGIN_LINK_LIFETIME_MS = 10 * 60_000;

/** The query parameter of a link that logs a browser in. */
const LOGIN_PARAM = 'login';

/**
 * How a browser holds the key to the daemon. A link carries a code that works once: loading it swaps the code for
 * a cookie and sends the browser on to the window's page without it. The link the browser keeps in its history
 * then logs nobody in, and the page's scripts never see the key. The control token in daemon.json never logs a
 * page in: it is for the CLI.
 */
export interface WindowLogin {
  /** A new link for this daemon's window (`/?login=<code>`), and when it stops working if unused. */
  newLink(): { path: string; expiresAt: number };
  /** Answers a request that carries `?login=`: the swap, or a page saying the link is spent; false for any other. */
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

/** `lifetimeMs`: how long an unopened link works; tests make it 0 to have an expired one at once. */
export function windowLogin(port: number, lifetimeMs = LOGIN_LINK_LIFETIME_MS): WindowLogin {
  // One key for every browser of this launch: not a code, which the history keeps, nor the CLI's token, since a
  // browser sends a cookie on its own.
  const key = randomBytes(24).toString('hex');
  // Browsers share a host's cookies between its ports: the port in the name keeps two daemons apart.
  const name = `dingbridge-${port}`;
  // HttpOnly: no script reads it. SameSite=Strict: no other site's page makes the browser send it. Path: sent to
  // the contract's socket only, not to every page of 127.0.0.1. No Max-Age: it ends with the browser session, and
  // the next launch's key replaces it.
  const cookie = `${name}=${key}; Path=${WS_PATH}; HttpOnly; SameSite=Strict`;
  // Each unspent code and when it expires. Only the token's holder mints them, so they stay few.
  const codes = new Map<string, number>();
  const forgetExpired = () => {
    for (const [code, expiresAt] of codes) if (expiresAt <= Date.now()) codes.delete(code);
  };
  /** Spends `given` if it is a live code: true once, then never again. */
  const spend = (given: string | null): boolean => {
    forgetExpired();
    for (const code of codes.keys()) {
      if (sameSecret(given, code)) {
        codes.delete(code);
        return true;
      }
    }
    return false;
  };
  return {
    newLink() {
      forgetExpired();
      const code = randomBytes(24).toString('base64url');
      const expiresAt = Date.now() + lifetimeMs;
      codes.set(code, expiresAt);
      return { path: `/?${LOGIN_PARAM}=${code}`, expiresAt };
    },
    exchange(request, response) {
      // GET only: a HEAD (a link checker, a preview) must not spend the code the person is about to open.
      if (request.method !== 'GET') return false;
      const target = requestTarget(request.url);
      if (!target?.query.has(LOGIN_PARAM)) return false;
      if (!spend(target.query.get(LOGIN_PARAM))) {
        const page = usedLinkPage(request.headers['accept-language'], lifetimeMs);
        response.writeHead(410, { ...page.headers, 'Cache-Control': 'no-store', ...WINDOW_SECURITY_HEADERS }).end(page.body);
        return true;
      }
      // Always to the window's one page, never to the path asked for: `/.//elsewhere` would leave the daemon.
      response.writeHead(303, { Location: '/', 'Cache-Control': 'no-store', 'Set-Cookie': cookie, ...WINDOW_SECURITY_HEADERS }).end();
      return true;
    },
    admits(request) {
      return cookieValues(request.headers.cookie, name).some((value) => sameSecret(value, key));
    },
  };
}
