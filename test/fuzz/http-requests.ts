import type { Rng } from './prng.js';

/** One hostile request, as bytes on the wire, and how the client behaves after writing it. */
export interface HostileRequest {
  bytes: Buffer;
  /** What it is, for a failure message. */
  how: string;
  /** The request line and headers were all sent: the server must answer or close (it answers before any body). */
  complete: boolean;
  /** The client resets the connection right after writing. */
  reset: boolean;
}

/** Pieces of request targets that have broken URL parsers, decoders and path joins somewhere. */
const TARGET_PIECES = [
  '%ff', '%', '%2', '%00', '%E4%B8', '%c0%af', '%25', '..', '%2e%2e', '%2f', '%5c', '\\', '//', '/./', '@', ':', ':99999',
  '[', ']', '[::1', '?', '#', '&', '=', 'token=', 'token=%ff', 'login=', 'login=%ff', 'login-link', '%0d%0a', 'api', 'index.html', 'assets', '钉钉', '\u00ff', '*', ';',
];

const TARGET_STARTS = ['/', '//', '/api', '/api/', '/login-link', 'http://127.0.0.1', 'http://[', 'http://a:b', '*', '', 'ws://x', '/%ff', '\\'];

const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'DELETE', 'PATCH', 'TRACE', 'CONNECT', 'G\u0000T', 'get', 'BREW', ''];

const ORIGINS = ['http://127.0.0.1:1', 'null', 'https://evil.example', '', 'http://[', '\u00ff', 'http://localhost'];

function randomTarget(rng: Rng): string {
  let target = rng.pick(TARGET_STARTS);
  const pieces = rng.int(0, 6);
  for (let i = 0; i < pieces; i++) target += rng.chance(0.8) ? rng.pick(TARGET_PIECES) : rng.bytes(rng.int(1, 4)).toString('latin1');
  if (rng.chance(0.02)) target += 'x'.repeat(rng.int(8_000, 70_000));
  return target;
}

/** Headers of a WebSocket handshake, each sometimes wrong, missing or doubled. */
function upgradeHeaders(rng: Rng): string[] {
  const headers: string[] = [];
  if (rng.chance(0.9)) headers.push(`Connection: ${rng.pick(['Upgrade', 'upgrade', 'keep-alive, Upgrade', 'close', '\u00ff'])}`);
  if (rng.chance(0.9)) headers.push(`Upgrade: ${rng.pick(['websocket', 'WebSocket', 'h2c', '', 'websocket, websocket', '\u0000'])}`);
  if (rng.chance(0.8)) headers.push(`Sec-WebSocket-Key: ${rng.pick(['dGhlIHNhbXBsZSBub25jZQ==', '', 'short', rng.bytes(16).toString('base64'), '%%%'])}`);
  if (rng.chance(0.8)) headers.push(`Sec-WebSocket-Version: ${rng.pick(['13', '8', '', '99999999999999999999', 'x'])}`);
  if (rng.chance(0.3)) headers.push(`Sec-WebSocket-Extensions: ${rng.pick(['permessage-deflate', 'permessage-deflate; client_max_window_bits=99', ';;;', 'x'])}`);
  if (rng.chance(0.3)) headers.push(`Sec-WebSocket-Protocol: ${rng.pick(['', 'a,,b', ' ', 'chat'])}`);
  return headers;
}

/** A request the daemon's port may meet from a web page or a local program: malformed in random ways. */
export function hostileRequest(rng: Rng): HostileRequest {
  const method = rng.pick(METHODS);
  const target = randomTarget(rng);
  const version = rng.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', '']);
  const headers: string[] = [];
  if (rng.chance(0.9)) headers.push(`Host: ${rng.pick(['127.0.0.1', 'localhost', 'evil.example', '', '[', '\u00ff'])}`);
  const upgrade = rng.chance(0.5);
  if (upgrade) headers.push(...upgradeHeaders(rng));
  if (rng.chance(0.3)) headers.push(`Origin: ${rng.pick(ORIGINS)}`);
  if (rng.chance(0.2)) headers.push(`Cookie: ${rng.pick(['dingbridge-1=x', '=;=;', ';', 'a'.repeat(5_000), '\u00ff=\u00ff'])}`);
  if (rng.chance(0.05)) headers.push(`X-Long: ${'y'.repeat(rng.int(10_000, 40_000))}`);
  if (rng.chance(0.05)) headers.push(rng.pick([' folded continuation', 'No-Colon-Here', ': empty name', 'Bad Name: x', 'X: a\u0000b']));
  const body = rng.chance(0.1) ? rng.pick(['short', '0\r\n\r\n', 'zz\r\nbroken\r\n']) : '';
  let declared = '';
  if (rng.chance(0.1)) declared = `Content-Length: ${rng.pick(['5', '-1', '99999999999999999999', 'x', `${body.length + 10}`])}`;
  else if (rng.chance(0.05)) declared = 'Transfer-Encoding: chunked';
  if (declared) headers.push(declared);
  const newline = rng.chance(0.9) ? '\r\n' : '\n';
  const text = `${method} ${target} ${version}${newline}${headers.map((header) => `${header}${newline}`).join('')}${newline}${body}`;
  // Truncated mid-request now and then: the server waits for the rest, so only the client can end it.
  const truncated = rng.chance(0.08);
  const bytes = Buffer.from(truncated ? text.slice(0, rng.int(1, Math.max(1, text.length - 1))) : text, 'latin1');
  return {
    bytes,
    how: JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text),
    complete: !truncated,
    reset: rng.chance(0.15),
  };
}
