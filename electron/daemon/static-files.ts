import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import {
  WINDOW_INDEX,
  WINDOW_SECURITY_HEADERS,
  windowCacheControl,
  windowContentType,
  windowFile,
} from '../core/desktop/window-files.js';
import { requestTarget } from './request-target.js';

/** Serves the built window from `root`; a path no browser would send is a 400, anything outside or missing a 404. */
export function staticFiles(root: string): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...WINDOW_SECURITY_HEADERS }).end();
      return;
    }
    const target = requestTarget(request.url);
    if (!target) {
      response.writeHead(400, WINDOW_SECURITY_HEADERS).end('Bad request');
      return;
    }
    const file = windowFile(root, target.pathname);
    if (!file) {
      response.writeHead(404, WINDOW_SECURITY_HEADERS).end('Not found');
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
    // A file replaced by a rebuild while it is read, or a browser that goes away, ends this response only.
    await pipeline(createReadStream(file.path), response).catch(() => response.destroy());
  };
}
