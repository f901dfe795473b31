import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { OutgoingFile } from '../../chat/outgoing-file.js';
import { deadline } from './deadline.js';
import { DingTalkError, describeDingTalkError } from './errors.js';
import type { DingTalkRestClient } from './rest-client.js';
import { openRequest } from './connection-pools.js';
import { multipartFile, type MultipartFile } from './multipart-file.js';
import type { ProxyRules } from './proxy-rules.js';

/** What DingTalk shows as a picture, what it takes as a file, and the most it takes of each. */
export const DINGTALK_FILE_RULES = {
  images: ['jpg', 'jpeg', 'gif', 'png', 'bmp'],
  files: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar'],
  maxBytes: { image: 20 * 1024 * 1024, file: 20 * 1024 * 1024 },
} as const;

const UploadAnswer = z.looseObject({ errcode: z.number(), media_id: z.string().min(1).optional() });

/** Long enough for 20 MB on a slow uplink; a stalled upload still ends. */
const UPLOAD_TIMEOUT_MS = 120_000;

/**
 * Uploads a file to DingTalk's media store (`media/upload` on the oapi host, the file as the multipart field `media`)
 * and returns its media id, which never expires. The file is read from disk as it is sent, never whole into memory.
 */
export async function uploadMedia(rest: DingTalkRestClient, file: OutgoingFile, signal?: AbortSignal): Promise<string> {
  const what = `the upload of ${file.name}`;
  for (let attempt = 1; ; attempt++) {
    const token = await rest.tokens.get();
    rest.budget.spend();
    rest.counted();
    const form = await multipartFile('media', file.path, file.name);
    const url = `${rest.endpoints.oapi}/media/upload?access_token=${encodeURIComponent(token)}&type=${file.kind}`;
    const time = deadline(UPLOAD_TIMEOUT_MS, signal);
    let status: number;
    let body: unknown;
    try {
      ({ status, body } = await postForm(url, form, time.signal, rest.tokens.proxy));
    } catch (error) {
      if (time.timedOut) throw new DingTalkError(`DingTalk did not answer ${what} within ${UPLOAD_TIMEOUT_MS / 1000} s.`, { kind: 'timeout', problem: { code: 'no-answer', seconds: UPLOAD_TIMEOUT_MS / 1000 } });
      if (signal?.aborted || error instanceof DingTalkError) throw error;
      const cause = error instanceof Error ? error.message : String(error);
      throw new DingTalkError(`Could not reach DingTalk for ${what}: ${cause}.`, { kind: 'network', problem: { code: 'unreachable', detail: cause } });
    } finally {
      time.release();
    }
    const answer = UploadAnswer.safeParse(body);
    if (status >= 200 && status < 300 && answer.success && answer.data.errcode === 0 && answer.data.media_id) return answer.data.media_id;
    if (status >= 200 && status < 300 && !answer.success) throw new DingTalkError(`DingTalk gave an unexpected answer to ${what}.`, { kind: 'server', status });
    const error = describeDingTalkError(status, body, what);
    if (error.kind === 'invalid-token' && attempt === 1) {
      rest.tokens.invalidate(token);
      continue;
    }
    throw error;
  }
}

/** An upload's answer is a small JSON object; anything longer is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

async function postForm(url: string, form: MultipartFile, signal: AbortSignal, proxy: ProxyRules): Promise<{ status: number; body: unknown }> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = openRequest(url, { method: 'POST', headers: { 'Content-Type': form.contentType, 'Content-Length': form.length }, signal, proxy }, resolve);
    request.on('error', reject);
    form.writeTo(request).catch((error: unknown) => request.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  let text = '';
  for await (const chunk of response.setEncoding('utf8') as AsyncIterable<string>) {
    text += chunk;
    if (text.length > MAX_ANSWER_BYTES) {
      response.destroy();
      break;
    }
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  return { status: response.statusCode ?? 0, body };
}
