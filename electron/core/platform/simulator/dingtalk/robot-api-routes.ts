import type { ServerResponse } from 'node:http';
import { hasPermission } from './api-gate.js';
import { isRecord, nonEmptyString, randomBase64, sendApiError, sendJson } from './http-util.js';
import { sendContent } from './media-sends.js';
import type { ApiBody as Body, ApiRoute, RestContext, RouteRequest } from './rest-context.js';
import type { ResolvedApp } from './types.js';

export const SEND_PERMISSION = 'qyapi_robot_sendmsg';

const routes: Record<string, ApiRoute> = {
  'POST /v1.0/robot/oToMessages/batchSend': batchSend,
  'POST /v1.0/robot/groupMessages/send': groupSend,
  'POST /v1.0/robot/messageFiles/download': downloadFile,
  'POST /v1.0/robot/emotion/reply': (ctx, app, body, res) => emotion('reply', ctx, app, body, res),
  'POST /v1.0/robot/emotion/recall': (ctx, app, body, res) => emotion('recall', ctx, app, body, res),
};

/** The v1.0 robot APIs, for an app already admitted by `admitApiCall`. */
export function handleRobotApi(ctx: RestContext, app: ResolvedApp, req: RouteRequest, res: ServerResponse): void {
  const route = routes[`${req.method} ${req.path}`];
  if (!route) return sendApiError(res, 404, 'NotFound', `no route for ${req.method} ${req.path}`);
  route(ctx, app, isRecord(req.body) ? req.body : {}, res);
}

function robotCodeOk(app: ResolvedApp, body: Body, res: ServerResponse): boolean {
  if (body.robotCode === app.robotCode) return true;
  sendApiError(res, 400, 'invalidParameter.robotCode', 'robotCode 不合法');
  return false;
}

interface ParsedSend {
  msgKey: string;
  msgParam: string;
  param: Record<string, unknown>;
}

/** The checks batchSend and groupSend share, in the order the real API applies them. */
function parseSend(app: ResolvedApp, body: Body, res: ServerResponse): ParsedSend | undefined {
  if (!hasPermission(app, SEND_PERMISSION, res) || !robotCodeOk(app, body, res)) return undefined;
  if (!nonEmptyString(body.msgKey)) {
    sendApiError(res, 400, 'invalidParameter.msgKey.empty', 'msgKey 不能为空');
    return undefined;
  }
  let param: unknown;
  try {
    param = typeof body.msgParam === 'string' ? JSON.parse(body.msgParam) : undefined;
  } catch {
    param = undefined;
  }
  if (!isRecord(param)) {
    sendApiError(res, 400, 'invalidParameter', 'msgParam 必须是 JSON 字符串');
    return undefined;
  }
  return { msgKey: body.msgKey, msgParam: body.msgParam as string, param };
}

function titleOf(param: Record<string, unknown>): { title?: string } {
  return typeof param.title === 'string' ? { title: param.title } : {};
}

function processQueryKey(): string {
  return randomBase64(24);
}

function batchSend(ctx: RestContext, app: ResolvedApp, body: Body, res: ServerResponse): void {
  const send = parseSend(app, body, res);
  if (!send) return;
  const userIds = Array.isArray(body.userIds) ? body.userIds.filter(nonEmptyString) : [];
  const first = userIds[0];
  if (first === undefined) return sendApiError(res, 400, 'invalidParameter.userIds.empty', 'userIds 不能为空');
  const content = sendContent(ctx.uploads, app, send.msgKey, send.param, res);
  if (!content) return;
  ctx.recorder.add('outbox', {
    via: 'batchSend',
    clientId: app.clientId,
    conversationId: ctx.dmConversationOf(first) ?? `dm:${first}`,
    conversationType: '1',
    userIds,
    msgtype: send.msgKey,
    ...titleOf(send.param),
    text: content.text,
    payload: send.param,
    ...(content.file ? { file: content.file } : {}),
    at: Date.now(),
  });
  sendJson(res, 200, { processQueryKey: processQueryKey(), invalidStaffIdList: [], flowControlledStaffIdList: [] });
}

function groupSend(ctx: RestContext, app: ResolvedApp, body: Body, res: ServerResponse): void {
  const send = parseSend(app, body, res);
  if (!send) return;
  if (!nonEmptyString(body.openConversationId)) {
    return sendApiError(res, 400, 'invalidParameter.openConversationId.empty', 'openConversationId 不能为空');
  }
  const limit = ctx.options.maxGroupMsgParamBytes;
  if (Buffer.byteLength(send.msgParam) > limit) {
    return sendApiError(res, 400, 'invalidParameter.msgParam.tooLong', `msgParam 长度不能超过 ${limit} 字节`);
  }
  const content = sendContent(ctx.uploads, app, send.msgKey, send.param, res);
  if (!content) return;
  ctx.recorder.add('outbox', {
    via: 'groupSend',
    clientId: app.clientId,
    conversationId: body.openConversationId,
    conversationType: '2',
    msgtype: send.msgKey,
    ...titleOf(send.param),
    text: content.text,
    payload: send.param,
    ...(content.file ? { file: content.file } : {}),
    at: Date.now(),
  });
  sendJson(res, 200, { processQueryKey: processQueryKey() });
}

function downloadFile(ctx: RestContext, app: ResolvedApp, body: Body, res: ServerResponse): void {
  if (!robotCodeOk(app, body, res)) return;
  const fileToken = nonEmptyString(body.downloadCode) ? ctx.media.fileTokenFor(body.downloadCode) : undefined;
  if (fileToken === undefined) return sendApiError(res, 400, 'invalidParameter.downloadCode', 'downloadCode 不合法');
  sendJson(res, 200, { downloadUrl: `${ctx.baseUrl()}/files/${fileToken}` });
}

function emotion(action: 'reply' | 'recall', ctx: RestContext, app: ResolvedApp, body: Body, res: ServerResponse): void {
  if (!robotCodeOk(app, body, res)) return;
  if (!nonEmptyString(body.openMsgId)) return sendApiError(res, 400, 'invalidParameter', 'openMsgId 不能为空');
  if (!nonEmptyString(body.openConversationId)) {
    return sendApiError(res, 400, 'invalidParameter', 'openConversationId 不能为空');
  }
  const textEmotion = isRecord(body.textEmotion) ? body.textEmotion : {};
  const name = body.emotionName ?? textEmotion.emotionName;
  ctx.recorder.add('reactions', {
    action,
    openMsgId: body.openMsgId,
    openConversationId: body.openConversationId,
    emotionName: typeof name === 'string' ? name : '',
    body,
    at: Date.now(),
  });
  sendJson(res, 200, { success: true });
}
