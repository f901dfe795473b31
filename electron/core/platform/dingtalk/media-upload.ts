import { z } from 'zod';
import type { OutgoingFile } from '../../chat/outgoing-file.js';
import { DingTalkError, describeDingTalkError } from './errors.js';
import type { DingTalkRestClient } from './rest-client.js';
import { requestJson } from './http.js';
import { multipartFile } from './multipart-file.js';

/** What DingTalk shows as a picture, what it takes as a file, and the most it takes of each. */
export const DINGTALK_FILE_RULES = {
  images: ['jpg', 'jpeg', 'gif', 'png', 'bmp'],
  files: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar'],
  maxBytes: { image: 20 * 1024 * 1024, file: 20 * 1024 * 1024 },
} as const;

const UploadAnswer = z.looseObject({ errcode: z.number(), media_id: z.string().min(1).optional() });

/** Long enough for 20 MB on a slow uplink; a stalled upload still ends. */
const UPLOAD_TIMEOUT_MS = 120_000;

/** An upload's answer is a small JSON object; anything longer is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

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
    const upload = await multipartFile('media', file.path, file.name);
    const url = `${rest.endpoints.oapi}/media/upload?access_token=${encodeURIComponent(token)}&type=${file.kind}`;
    const { status, body } = await requestJson(url, { upload, maxAnswerBytes: MAX_ANSWER_BYTES, timeoutMs: UPLOAD_TIMEOUT_MS, what, signal, proxy: rest.proxy });
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
