import { openAsBlob } from 'node:fs';
import { z } from 'zod';
import type { OutgoingFile } from '../../chat/outgoing-file.js';
import { deadline } from './deadline.js';
import { DingTalkError, describeDingTalkError } from './errors.js';
import type { DingTalkRestClient } from './rest-client.js';

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
    const form = new FormData();
    form.append('media', await openAsBlob(file.path), file.name);
    const url = `${rest.endpoints.oapi}/media/upload?access_token=${encodeURIComponent(token)}&type=${file.kind}`;
    const time = deadline(UPLOAD_TIMEOUT_MS, signal);
    let status: number;
    let body: unknown;
    try {
      const response = await fetch(url, { method: 'POST', body: form, signal: time.signal });
      status = response.status;
      body = await response.json().catch(() => undefined);
    } catch (error) {
      if (time.timedOut) throw new DingTalkError(`DingTalk did not answer ${what} within ${UPLOAD_TIMEOUT_MS / 1000} s.`, { kind: 'timeout', problem: { code: 'no-answer', seconds: UPLOAD_TIMEOUT_MS / 1000 } });
      if (signal?.aborted) throw error;
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
