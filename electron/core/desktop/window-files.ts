import { extname, join, normalize, sep } from 'node:path';

/**
 * What both shells need to serve the built window: the desktop app through its `app://` scheme, the headless
 * daemon over HTTP. Kept in one place so the two never disagree on what may be served and as what.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const WINDOW_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
} as const;

export const WINDOW_INDEX = 'index.html';

export interface WindowFile {
  /** The file on disk, always inside the window's folder. */
  path: string;
  /** The path relative to the window's folder, with `/` for the page itself mapped to its index. */
  relative: string;
}

/**
 * Maps a URL path to a file of the built window. Undefined for anything that is not a plain path inside the
 * folder: a malformed escape (`/%ff`), a NUL, or `..` leading out; never a throw, since any page may ask.
 */
export function windowFile(root: string, urlPath: string): WindowFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = normalize(decoded === '/' || decoded === '' ? `/${WINDOW_INDEX}` : decoded).replace(/^([/\\])+/, '');
  const path = join(root, relative);
  if (!path.startsWith(root + sep) || relative.startsWith('..')) return undefined;
  return { path, relative: relative.split(sep).join('/') };
}

/** The Content-Type a browser must get for the file, so module scripts and stylesheets are accepted. */
export function windowContentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The page itself is always revalidated; its assets have content hashes in their names, so they never change. */
export function windowCacheControl(file: WindowFile): string {
  return file.relative === WINDOW_INDEX ? 'no-cache' : 'public, max-age=31536000, immutable';
}
