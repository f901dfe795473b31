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

/** One HTTP exchange with a JSON body, bounded in time, failing with a DingTalkError rather than a raw fetch error. */
export async function requestJson(url: string, request: JsonRequest): Promise<JsonResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  let payload: string | undefined;
  if (request.body !== undefined) {
    payload = JSON.stringify(request.body);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(url, { method: request.method ?? 'POST', headers, body: payload, signal });
  } catch (error) {
    if (timeout.aborted) {
      throw new DingTalkError(`DingTalk did not answer ${request.what} within ${Math.round(timeoutMs / 1000)} s.`, {
        kind: 'timeout',
      });
    }
    if (request.signal?.aborted) throw error;
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new DingTalkError(`Could not reach DingTalk for ${request.what}: ${cause}.`, { kind: 'network' });
  }
  const text = await response.text();
  return { status: response.status, body: parseBody(text) };
}

/** Like requestJson, but any non-2xx answer becomes the DingTalkError that explains it. */
export async function requestJsonOk(url: string, request: JsonRequest): Promise<unknown> {
  const { status, body } = await requestJson(url, request);
  if (status < 200 || status >= 300) throw describeDingTalkError(status, body, request.what);
  return body;
}
