import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  WINDOW_INDEX,
  WINDOW_SECURITY_HEADERS,
  windowCacheControl,
  windowContentType,
  windowFile,
} from '../core/desktop/window-files.js';

/** The path part of a request line, or undefined when the line is not one a browser would send. */
function requestPath(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}

/** Serves the built window from `root`; anything outside it, or missing, is a 404. */
export function staticFiles(root: string): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...WINDOW_SECURITY_HEADERS }).end();
      return;
    }
    const path = requestPath(request.url);
    const file = path === undefined ? undefined : windowFile(root, path);
    if (!file) {
      response.writeHead(path === undefined ? 400 : 404, WINDOW_SECURITY_HEADERS).end(path === undefined ? 'Bad request' : 'Not found');
      return;
    }
    const info = await stat(file.path).catch(() => undefined);
    if (!info?.isFile()) {
      if (file.relative === WINDOW_INDEX) {
        response
          .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...WINDOW_SECURITY_HEADERS })
          .end('The Dingbridge window has not been built. Run `npm run build`, then reload this page.\n');
        return;
      }
      response.writeHead(404, WINDOW_SECURITY_HEADERS).end('Not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': windowContentType(file.path),
      'Content-Length': info.size,
      'Cache-Control': windowCacheControl(file),
      ...WINDOW_SECURITY_HEADERS,
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file.path).pipe(response);
  };
}
