import { extname } from 'node:path';

const MAX_NAME_BYTES = 150;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/bmp': '.bmp',
  'image/heic': '.heic',
  'audio/amr': '.amr',
  'audio/mpeg': '.mp3',
  'audio/ogg': '.ogg',
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'audio/mp4': '.m4a',
  'video/mp4': '.mp4',
  'video/quicktime': '.mov',
  'application/pdf': '.pdf',
  'application/zip': '.zip',
  'text/plain': '.txt',
  'application/json': '.json',
};

export const extensionForMime = (mime: string | undefined): string =>
  (mime && EXTENSIONS[mime.toLowerCase()]) || '.bin';

/**
 * A file name that is safe to create inside the inbox folder: only the last path segment, no control or
 * reserved characters, no leading dots, not a Windows device name, at most 150 bytes with its extension kept.
 */
export function safeFileName(requested: string | undefined, fallback: string): string {
  const lastSegment = (requested ?? '').split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*]/g, '_')
    // Direction marks make "\u202egnp.exe" show as "exe.png"; half a character cannot be written to disk as itself.
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!name) name = fallback;
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  return truncateKeepingExtension(name, MAX_NAME_BYTES);
}

function truncateKeepingExtension(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const ext = extname(name);
  const keepExt = ext.length > 0 && Buffer.byteLength(ext) <= 16 ? ext : '';
  const stem = Array.from(name.slice(0, name.length - keepExt.length));
  while (stem.length > 0 && Buffer.byteLength(stem.join('') + keepExt) > maxBytes) stem.pop();
  return stem.join('') + keepExt;
}

/** `report.pdf` → `report (2).pdf`, for a name that is already taken. */
export function numberedName(name: string, n: number): string {
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  return `${stem} (${n})${ext}`;
}
