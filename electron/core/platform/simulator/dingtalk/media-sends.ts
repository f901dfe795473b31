import type { ServerResponse } from 'node:http';
import { nonEmptyString, sendApiError } from './http-util.js';
import { textOf } from './message-text.js';
import type { ResolvedApp, SentFile } from './types.js';
import { extensionOf, mimeTypeFor, UPLOAD_RULES } from './upload-rules.js';
import type { StoredUpload, UploadStore } from './uploads.js';

/** What the outbox records of an Open API send's content: a picture's or file's name or link stands as its text. */
export interface SendContent {
  text: string;
  file?: SentFile;
}

/**
 * The content of a send, once the msgParam of a `sampleImageMsg` or `sampleFile` passed DingTalk's checks of it.
 * Answers a refusal itself and returns undefined.
 */
export function sendContent(
  uploads: UploadStore,
  app: ResolvedApp,
  msgKey: string,
  param: Record<string, unknown>,
  res: ServerResponse,
): SendContent | undefined {
  if (msgKey === 'sampleImageMsg') return checkImage(uploads, app, param, res);
  if (msgKey === 'sampleFile') return checkFile(uploads, app, param, res);
  return { text: textOf(param) };
}

function checkImage(uploads: UploadStore, app: ResolvedApp, param: Record<string, unknown>, res: ServerResponse): SendContent | undefined {
  const imageOf = (mediaId: unknown): StoredUpload | undefined => {
    const upload = nonEmptyString(mediaId) ? uploads.ofApp(mediaId, app.clientId) : undefined;
    return upload?.type === 'image' ? upload : undefined;
  };
  const { photoURL, photoMediaId } = param;
  if (photoURL === undefined && photoMediaId !== undefined) {
    // DingTalk takes this key and draws nothing, so a client that uses it must be seen to fail.
    const hidden = imageOf(photoMediaId);
    return hidden ? { file: sentFile(hidden, 'image', hidden.fileName, false), text: hidden.fileName } : { text: '' };
  }
  const image = imageOf(photoURL);
  if (image) return { file: sentFile(image, 'image', image.fileName, true), text: image.fileName };
  if (nonEmptyString(photoURL) && isWebLink(photoURL)) return { text: photoURL };
  sendApiError(res, 400, 'invalidParameter.msgParam.photoURL', 'msgParam.photoURL 不合法：须为本应用上传的图片 media_id 或 http(s) 链接');
  return undefined;
}

function checkFile(uploads: UploadStore, app: ResolvedApp, param: Record<string, unknown>, res: ServerResponse): SendContent | undefined {
  const { mediaId, fileName, fileType } = param;
  const upload = nonEmptyString(mediaId) ? uploads.ofApp(mediaId, app.clientId) : undefined;
  if (!upload) {
    sendApiError(res, 400, 'invalidParameter.msgParam.mediaId', 'msgParam.mediaId 不合法：须为本应用上传的 media_id');
    return undefined;
  }
  if (!nonEmptyString(fileName)) {
    sendApiError(res, 400, 'invalidParameter.msgParam.fileName', 'msgParam.fileName 不能为空');
    return undefined;
  }
  if (fileType !== extensionOf(fileName) || mimeTypeFor('file', fileName) === undefined) {
    const accepted = Object.keys(UPLOAD_RULES.file.extensions).join('、');
    sendApiError(res, 400, 'invalidParameter.msgParam.fileType', `msgParam.fileType 不合法：须为文件名的扩展名，且为 ${accepted} 之一`);
    return undefined;
  }
  return { file: sentFile(upload, 'file', fileName, true), text: fileName };
}

function sentFile(upload: StoredUpload, kind: SentFile['kind'], name: string, shown: boolean): SentFile {
  return { mediaId: upload.mediaId, name, kind, bytes: upload.bytes.length, mimeType: upload.mimeType, shown };
}

function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
