import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { WINDOW_SECURITY_HEADERS, windowCacheControl, windowContentType, windowFile } from '../core/desktop/window-files.js';

/**
 * The window is served from `app://dingbridge/`, not `file://`: a packaged build turns the file-protocol fuse
 * off (pages on `file://` get an opaque origin, so Chromium refuses their module script), and a scheme of our
 * own gives the page a real origin for its CSP, the IPC sender check and the clipboard permission.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dingbridge';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * A URL's scheme, host and port, read by the URL parser. Built by hand: WHATWG's `origin` of an `app://` URL, a
 * scheme it does not know, is "null" for every host, which would make `app://dingbridge.evil/` look like ours.
 */
function originOf(url: string): string | undefined {
  try {
    const { protocol, host } = new URL(url);
    return host ? `${protocol}//${host}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a URL (or an origin) is of the app's page: the same scheme, host and port as `pageUrl`. */
export function isAppPage(url: string, pageUrl: string): boolean {
  const origin = originOf(url);
  return origin !== undefined && origin === originOf(pageUrl);
}

/** Must run before the app is ready: Chromium fixes the list of standard, secure schemes at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const textResponse = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...WINDOW_SECURITY_HEADERS } });

/**
 * Answers one request for the window's files from `root`. Electron's own `fs` reads inside `app.asar`, which is
 * where `root` is in a packaged build; anything outside `root`, another host or a write is refused.
 */
export async function answerAppRequest(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return textResponse(400, 'Bad request');
  }
  if (url.host !== APP_HOST) return textResponse(404, 'Not found');
  const file = windowFile(root, url.pathname);
  if (!file) return textResponse(404, 'Not found');
  let body: Buffer;
  try {
    body = await readFile(file.path);
  } catch {
    return textResponse(404, 'Not found');
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': windowContentType(file.path),
      'Content-Length': String(body.length),
      'Cache-Control': windowCacheControl(file),
      ...WINDOW_SECURITY_HEADERS,
    },
  });
}

/** Serves the window's files on the app scheme; call once the app is ready. */
export function serveAppScheme(root: string): void {
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(root, request));
}
