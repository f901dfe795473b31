import type { ServerResponse } from 'node:http';
import { sendJson } from './http-util.js';
import type { RestContext, RouteRequest } from './rest-context.js';
import type { UploadRecord } from './types.js';
import { mimeTypeFor, UPLOAD_MAX_BYTES, UPLOAD_RULES, UploadTypeSchema } from './upload-rules.js';

export const UPLOAD_PATH = '/media/upload';
export const MEDIA_PERMISSION = 'qyapi_base';

/** Room for the multipart boundaries and part headers around the largest file the route takes. */
const MULTIPART_ROOM = 1024 * 1024;

/** How much of a request body the stand-in keeps: an upload is refused past its limit, so more need not be held. */
export function bodyCapFor(path: string): number {
  return path === UPLOAD_PATH ? UPLOAD_MAX_BYTES + MULTIPART_ROOM : Infinity;
}

type Attempt = Omit<UploadRecord, 'status' | 'errcode' | 'errmsg' | 'injected' | 'at'>;

/**
 * `POST /media/upload` on the oapi host. Like every oapi route it answers a refusal with HTTP 200 and
 * `{errcode, errmsg}`, naming only the first thing wrong; every call is recorded in `uploads`.
 */
export async function handleUpload(ctx: RestContext, req: RouteRequest, res: ServerResponse): Promise<void> {
  const attempt: Attempt = { type: req.query.type ?? '' };
  /** `injectedStatus`: the HTTP status of a failure `failUploads` asked for. */
  const answer = (errcode: number, errmsg: string, extra: Record<string, unknown> = {}, injectedStatus?: number): void => {
    const status = injectedStatus ?? 200;
    ctx.recorder.add('uploads', { ...attempt, status, errcode, errmsg, injected: injectedStatus !== undefined, at: Date.now() });
    sendJson(res, status, { errcode, errmsg, ...extra });
  };

  const failure = ctx.uploads.takeFailure();
  if (failure !== undefined) return answer(-1, '系统繁忙', {}, failure);
  const clientId = ctx.tokens.clientIdOf(req.query.access_token ?? '');
  const app = clientId === undefined ? undefined : ctx.appByClientId(clientId);
  if (!app) return answer(40014, '不合法的access_token');
  attempt.clientId = app.clientId;
  if (!app.permissions.includes(MEDIA_PERMISSION)) {
    const subMsg = `没有调用该接口的权限，需要权限：[${MEDIA_PERMISSION}]`;
    return answer(88, `ding talk error[subcode=60011,submsg=${subMsg}]`, { sub_code: '60011', sub_msg: subMsg });
  }
  const type = UploadTypeSchema.safeParse(req.query.type);
  if (!type.success) return answer(40004, '不合法的媒体文件类型');
  const rule = UPLOAD_RULES[type.data];
  const badSize = (): void => answer(40006, `不合法的文件大小：${type.data} 须在 1 到 ${rule.maxBytes} 字节之间`);
  // Whatever the cut-off body held, it was larger than any file the type takes.
  if (req.bodyCut) return badSize();
  const media = await mediaPart(req);
  if (!media) return answer(41005, '缺少多媒体文件数据：请只上传一个名为 media 的文件字段');
  attempt.fileName = media.name;
  attempt.bytes = media.size;
  const mimeType = mimeTypeFor(type.data, media.name);
  if (mimeType === undefined) return answer(40005, `不合法的文件类型：${type.data} 只接受 ${Object.keys(rule.extensions).join('、')}`);
  if (media.size === 0 || media.size > rule.maxBytes) return badSize();
  const stored = ctx.uploads.add({
    clientId: app.clientId,
    type: type.data,
    fileName: media.name,
    mimeType,
    bytes: Buffer.from(await media.arrayBuffer()),
  });
  attempt.mediaId = stored.mediaId;
  answer(0, 'ok', { media_id: stored.mediaId, type: type.data, created_at: stored.createdAt });
}

/** The body's one part, when it is a multipart form of exactly a file named `media`. */
async function mediaPart(req: RouteRequest): Promise<File | undefined> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return undefined;
  let form;
  try {
    form = await new Response(new Uint8Array(req.rawBody), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return undefined;
  }
  const parts = [...form.entries()];
  const [only] = parts;
  if (parts.length !== 1 || !only || only[0] !== 'media' || typeof only[1] === 'string') return undefined;
  return only[1];
}
