import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { WINDOW_SECURITY_HEADERS } from '../core/desktop/window-files.js';
import { requestTarget } from './request-target.js';
import { sameSecret } from './same-secret.js';

/** Where `dingbridge link` asks the running daemon for a new link to its window. */
export const LOGIN_LINK_PATH = '/login-link';

export const LoginLinkSchema = z.object({
  /** `http://127.0.0.1:PORT/?login=<code>`: opens the window once. */
  url: z.string().url(),
  /** When it stops working if nobody opened it (ms since the epoch). */
  expiresAt: z.number(),
});
export type LoginLink = z.infer<typeof LoginLinkSchema>;

/**
 * Answers `POST /login-link` with a new link, for the holder of the control token only (`Authorization: Bearer`,
 * which no other site's page can make a browser send); false for any other path. The window's cookie does not
 * count: a link made from it would outlive the browser session the cookie is limited to.
 */
export function loginLinkRequests(token: string, newLink: () => LoginLink): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    if (requestTarget(request.url)?.pathname !== LOGIN_LINK_PATH) return false;
    if (request.method !== 'POST') {
      response.writeHead(405, { Allow: 'POST', ...WINDOW_SECURITY_HEADERS }).end();
      return true;
    }
    const given = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!sameSecret(given, token)) {
      response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...WINDOW_SECURITY_HEADERS }).end('Missing or wrong token\n');
      return true;
    }
    response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...WINDOW_SECURITY_HEADERS }).end(JSON.stringify(newLink()));
    return true;
  };
}
