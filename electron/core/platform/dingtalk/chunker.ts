export interface ChunkLimits {
  /** DingTalk renders markdown badly past about 3,800 characters. */
  maxChars: number;
  /** Keeps every request body under DingTalk's 20,000-byte (webhook) and 15,000-byte (msgParam) limits. */
  maxBytes: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxChars: 3800, maxBytes: 12_000 };

const FENCE = /^\s{0,3}(`{3,}|~{3,})(.*)$/;
const encoder = new TextEncoder();

export const utf8Length = (text: string): number => encoder.encode(text).length;

/** Whether `text` goes out as one message DingTalk takes. */
export const fitsLimits = (text: string, limits: ChunkLimits): boolean => text.length <= limits.maxChars && utf8Length(text) <= limits.maxBytes;

interface Fence {
  marker: string;
  openLine: string;
}

/**
 * Splits a long markdown reply into messages DingTalk will take: on line boundaries where it can, never
 * inside a surrogate pair, and with any open code fence closed at the end of a chunk and reopened at the
 * start of the next, so each message renders on its own.
 */
export function splitMarkdown(text: string, limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): string[] {
  const chunks: string[] = [];
  let current = '';
  let fence: Fence | undefined;
  const fits = (candidate: string) => fitsLimits(candidate, limits);
  const closing = (open: Fence | undefined, body: string) =>
    open ? `${body.endsWith('\n') ? '' : '\n'}${open.marker}` : '';

  for (const line of linesOf(text)) {
    for (const piece of splitLongLine(line, limits, fence)) {
      const after = fenceAfter(fence, piece);
      let candidate = current + piece;
      if (current.trim() && !fits(candidate + closing(after, candidate))) {
        chunks.push(current + closing(fence, current));
        current = fence ? `${fence.openLine}\n` : '';
        candidate = current + piece;
      }
      current = candidate;
      fence = after;
    }
  }
  if (current.trim()) chunks.push(current + closing(fence, current));
  return chunks.map((chunk) => chunk.replace(/\s+$/, '')).filter((chunk) => chunk.length > 0);
}

function linesOf(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines.map((line, index) => (index < lines.length - 1 ? `${line}\n` : line)).filter((line) => line !== '');
}

function fenceAfter(open: Fence | undefined, line: string): Fence | undefined {
  const match = line.replace(/\n$/, '').match(FENCE);
  if (!match) return open;
  const marker = match[1] ?? '';
  if (!open) return { marker, openLine: line.replace(/\n$/, '').trimStart() };
  const closes = marker[0] === open.marker[0] && marker.length >= open.marker.length && !(match[2] ?? '').trim();
  return closes ? undefined : open;
}

/** A line too long for any chunk is cut, preferring a space, never between the halves of a surrogate pair. */
function splitLongLine(line: string, limits: ChunkLimits, fence: Fence | undefined): string[] {
  const overhead = fence ? fence.openLine.length + fence.marker.length + 2 : 0;
  const maxChars = Math.max(16, limits.maxChars - overhead);
  const maxBytes = Math.max(64, limits.maxBytes - utf8Length(fence?.openLine ?? '') - overhead);
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > maxChars || utf8Length(rest) > maxBytes) {
    let cut = Math.min(rest.length, maxChars);
    while (cut > 1 && utf8Length(rest.slice(0, cut)) > maxBytes) cut = Math.floor(cut * 0.9);
    if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    const space = rest.lastIndexOf(' ', cut);
    if (space > cut / 2) cut = space + 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The conversation-list preview DingTalk shows: the reply's first line, without markdown marks. */
export function titleFrom(markdown: string, maxLength = 30): string {
  for (const raw of markdown.split('\n')) {
    if (FENCE.test(raw)) continue;
    const line = raw
      .replace(/^\s*(#{1,6}|>|[-*+]|\d+\.)\s+/, '')
      .replace(/[*_`~]/g, '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim();
    if (!line) continue;
    const chars = Array.from(line);
    return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}…` : line;
  }
  return 'Reply';
}
