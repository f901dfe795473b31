import type { ServerResponse } from 'node:http';
import { admitApiCall } from './api-gate.js';
import { handleCardApi } from './card-routes.js';
import { isRecord, nonEmptyString, sendApiError, sendJson } from './http-util.js';
import { textOf } from './message-text.js';
import type { RestContext, RouteRequest } from './rest-context.js';
import { handleRobotApi } from './robot-api-routes.js';
import type { Subscription } from './types.js';
import { handleUpload, UPLOAD_PATH } from './upload-route.js';

export async function handleRest(ctx: RestContext, req: RouteRequest, res: ServerResponse): Promise<void> {
  const { method, path } = req;
  if (path.startsWith('/v1.0/robot/') || path.startsWith('/v1.0/card/')) return handleAppApi(ctx, req, res);
  if (method === 'POST' && path === '/v1.0/gateway/connections/open') return openConnection(ctx, req, res);
  if (method === 'POST' && path === '/v1.0/oauth2/accessToken') return accessToken(ctx, req, res);
  if (method === 'GET' && path === '/gettoken') return legacyToken(ctx, req, res);
  if (method === 'POST' && path === UPLOAD_PATH) return handleUpload(ctx, req, res);
  if (method === 'POST' && path === '/robot/sendBySession') return sendBySession(ctx, req, res);
  if (method === 'GET' && path.startsWith('/files/')) return serveFile(ctx, req, res);
  sendApiError(res, 404, 'NotFound', `no route for ${method} ${path}`);
}

function handleAppApi(ctx: RestContext, req: RouteRequest, res: ServerResponse): void {
  const app = admitApiCall(ctx, req, res);
  if (!app) return;
  if (req.path.startsWith('/v1.0/card/')) handleCardApi(ctx, app, req, res);
  else handleRobotApi(ctx, app, req, res);
}

function openConnection(ctx: RestContext, req: RouteRequest, res: ServerResponse): void {
  const body = isRecord(req.body) ? req.body : {};
  const missing = !nonEmptyString(body.clientId)
    ? 'clientId'
    : !nonEmptyString(body.clientSecret)
      ? 'clientSecret'
      : !Array.isArray(body.subscriptions)
        ? 'subscriptions'
        : undefined;
  if (missing) return sendApiError(res, 400, 'MissingParameter', `缺少参数 ${missing}`);
  const app = ctx.findApp(body.clientId, body.clientSecret);
  if (!app) return sendApiError(res, 401, 'authFailed', '鉴权失败');
  const subscriptions: Subscription[] = (body.subscriptions as unknown[])
    .filter(isRecord)
    .filter((sub) => typeof sub.type === 'string' && typeof sub.topic === 'string')
    .map((sub) => ({ type: sub.type as string, topic: sub.topic as string }));
  sendJson(res, 200, { endpoint: ctx.wsEndpoint(), ticket: ctx.hub.issueTicket(app, subscriptions) });
}

function accessToken(ctx: RestContext, req: RouteRequest, res: ServerResponse): void {
  const body = isRecord(req.body) ? req.body : {};
  const app = ctx.findApp(body.appKey, body.appSecret);
  if (!app) return sendApiError(res, 400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
  const { token, expiresIn } = ctx.tokens.issue(app.clientId);
  sendJson(res, 200, { accessToken: token, expireIn: expiresIn });
}

function legacyToken(ctx: RestContext, req: RouteRequest, res: ServerResponse): void {
  const app = ctx.findApp(req.query.appkey, req.query.appsecret);
  // The oapi host reports errors in the body with HTTP 200.
  if (!app) return sendJson(res, 200, { errcode: 40096, errmsg: '不合法的appKey或appSecret' });
  const { token, expiresIn } = ctx.tokens.issue(app.clientId);
  sendJson(res, 200, { errcode: 0, access_token: token, errmsg: 'ok', expires_in: expiresIn });
}

function sendBySession(ctx: RestContext, req: RouteRequest, res: ServerResponse): void {
  const { options, sessions } = ctx;
  const fail = (errcode: number, errmsg: string): void => sendJson(res, 200, { errcode, errmsg });
  if (req.rawBody.length > options.maxWebhookBodyBytes) {
    return fail(460101, `message too long, exceed ${options.maxWebhookBodyBytes} bytes`);
  }
  const session = sessions.lookup(req.query.session ?? '');
  if (!session) return fail(300001, 'session 不存在');
  const body = req.body;
  if (!isRecord(body) || !nonEmptyString(body.msgtype)) return fail(40035, '缺少参数 json');
  if (sessions.recentSends(session.conversationId) >= options.webhookRateLimitPerMinute) {
    return fail(660026, 'sending too many messages per minute');
  }
  const at = Date.now();
  sessions.recordSend(session.conversationId, at);
  const content = body[body.msgtype];
  const mentioned = isRecord(body.at) ? body.at.atUserIds : undefined;
  const atUserIds = Array.isArray(mentioned) ? mentioned.filter((id): id is string => typeof id === 'string') : undefined;
  const title = isRecord(content) && typeof content.title === 'string' ? content.title : undefined;
  ctx.recorder.add('outbox', {
    via: 'webhook',
    clientId: session.clientId,
    conversationId: session.conversationId,
    conversationType: session.conversationType,
    msgtype: body.msgtype,
    ...(title === undefined ? {} : { title }),
    text: textOf(content),
    ...(atUserIds === undefined ? {} : { atUserIds }),
    payload: body,
    at,
  });
  sendJson(res, 200, { errcode: 0, errmsg: 'ok' });
}

async function serveFile(ctx: RestContext, req: RouteRequest, res: ServerResponse): Promise<void> {
  const media = ctx.media.file(req.path.slice('/files/'.length));
  if (!media) return sendApiError(res, 404, 'NotFound', 'file not found');
  const headers: Record<string, string> = { 'content-type': media.mimeType };
  if (!media.chunked) headers['content-length'] = String(media.bytes.length);
  if (media.fileName) {
    // encodeURIComponent throws on half a character, which a name sent by anyone can hold.
    const name = media.fileName.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
  }
  res.writeHead(200, headers);
  if (media.delayMs > 0) {
    // Headers go out first so a client can observe a slow body, not a slow response.
    res.flushHeaders();
    await ctx.scheduler.sleep(media.delayMs);
  }
  if (media.chunked) {
    // A write before end() keeps Node from adding Content-Length on its own.
    res.write(media.bytes);
    res.end();
  } else {
    res.end(media.bytes);
  }
}
