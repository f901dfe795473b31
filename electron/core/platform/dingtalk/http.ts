import type { IncomingMessage } from 'node:http';
import { deadline } from './deadline.js';
import { capped, exchange, type StreamedBody } from './exchange.js';
import type { ProxyRules } from './proxy-rules.js';
import { formatBytes } from './byte-size.js';
import { DingTalkError, describeDingTalkError } from './errors.js';

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent instead of a JSON body, as it is read: a file upload. */
  upload?: StreamedBody;
  /** The most of an answer that is read; a longer one fails the call. */
  maxAnswerBytes?: number;
  timeoutMs?: number;
  /** Named in error messages, never the URL: URLs can carry tickets and session keys. */
  what: string;
  signal?: AbortSignal;
  /** Picks the proxy the call goes through, if any. */
  proxy: ProxyRules;
  /** A best-effort call (a reaction) that must never hold up the ones a user waits for. */
  background?: boolean;
}

export const DEFAULT_HTTP_TIMEOUT_MS = 15_000;

function parseBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** More than any DingTalk answer needs; a server sending more is cut off rather than filling memory. */
const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

async function readAnswer(response: IncomingMessage, maxBytes: number): Promise<string> {
  let cutOff: Error | undefined;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of capped(response, maxBytes, () => (cutOff = new Error(`the answer is larger than ${formatBytes(maxBytes)}`)))) chunks.push(chunk);
  } catch {
    // A dropped connection surfaces as a bare "aborted" error; say what happened instead.
    throw cutOff ?? new Error('the connection closed before the answer was complete');
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One HTTP exchange with a JSON answer, bounded in time, failing with a DingTalkError rather than a raw socket error. */
export async function requestJson(url: string, request: JsonRequest): Promise<JsonResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const time = deadline(timeoutMs, request.signal);
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  let payload: string | StreamedBody | undefined;
  if (request.upload) {
    payload = request.upload;
    headers['Content-Type'] = request.upload.contentType;
    headers['Content-Length'] = String(request.upload.length);
  } else if (request.body !== undefined) {
    payload = JSON.stringify(request.body);
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  try {
    const outgoing = { method: request.method ?? 'POST', headers, signal: time.signal, proxy: request.proxy, background: request.background };
    const response = await exchange(url, outgoing, payload);
    const text = await readAnswer(response, request.maxAnswerBytes ?? MAX_ANSWER_BYTES);
    return { status: response.statusCode ?? 0, body: parseBody(text) };
  } catch (error) {
    if (time.timedOut) {
      const seconds = Math.round(timeoutMs / 1000);
      throw new DingTalkError(`DingTalk did not answer ${request.what} within ${seconds} s.`, { kind: 'timeout', problem: { code: 'no-answer', seconds } });
    }
    if (request.signal?.aborted || error instanceof DingTalkError) throw error;
    const cause = error instanceof Error ? error.message : String(error);
    throw new DingTalkError(`Could not reach DingTalk for ${request.what}: ${cause}.`, { kind: 'network', problem: { code: 'unreachable', detail: cause } });
  } finally {
    time.release();
  }
}

/** Like requestJson, but any non-2xx answer becomes the DingTalkError that explains it. */
export async function requestJsonOk(url: string, request: JsonRequest): Promise<unknown> {
  const { status, body } = await requestJson(url, request);
  if (status < 200 || status >= 300) throw describeDingTalkError(status, body, request.what);
  return body;
}
