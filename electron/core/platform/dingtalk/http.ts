import { deadline } from './deadline.js';
import { openRequest, type OutgoingRequest } from './connection-pools.js';
import type { ProxyRules } from './proxy-rules.js';
import { DingTalkError, describeDingTalkError } from './errors.js';

export interface JsonResponse {
  status: number;
  body: unknown;
}

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: unknown;
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

function exchange(url: string, request: OutgoingRequest, payload: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = openRequest(url, request, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) response.destroy(new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`));
        else chunks.push(chunk);
      });
      // A cut-off answer surfaces as a bare "aborted" error; say what happened instead.
      response.on('error', (error) => reject(size > MAX_ANSWER_BYTES ? error : new Error('the connection closed before the answer was complete')));
      response.on('close', () => {
        if (response.complete) resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        else reject(new Error('the connection closed before the answer was complete'));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** One HTTP exchange with a JSON body, bounded in time, failing with a DingTalkError rather than a raw socket error. */
export async function requestJson(url: string, request: JsonRequest): Promise<JsonResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const time = deadline(timeoutMs, request.signal);
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  let payload: string | undefined;
  if (request.body !== undefined) {
    payload = JSON.stringify(request.body);
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  try {
    const { status, text } = await exchange(url, { method: request.method ?? 'POST', headers, signal: time.signal, proxy: request.proxy, background: request.background }, payload);
    return { status, body: parseBody(text) };
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
