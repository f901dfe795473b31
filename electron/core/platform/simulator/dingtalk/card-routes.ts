import type { ServerResponse } from 'node:http';
import { hasPermission } from './api-gate.js';
import { isRecord, nonEmptyString, randomHex, sendApiError, sendJson } from './http-util.js';
import type { ApiBody as Body, ApiRoute, RestContext, RouteRequest } from './rest-context.js';
import type { CardFrame, CardSpaceType, ResolvedApp } from './types.js';

export const CARD_INSTANCE_PERMISSION = 'Card.Instance.Write';
export const CARD_STREAMING_PERMISSION = 'Card.Streaming.Write';

const TEMPLATE_ID = /^[\w-]+\.schema$/;
const OPEN_SPACE_ID = /^dtv1\.card\/\/(IM_GROUP|IM_ROBOT)\.(.+)$/;
const SPACE_ILLEGAL = 'spaceId is illegal';

const routes: Record<string, ApiRoute> = {
  'POST /v1.0/card/instances/createAndDeliver': createAndDeliver,
  'PUT /v1.0/card/streaming': streamToCard,
  'PUT /v1.0/card/instances': updateCard,
};

/** The v1.0 AI card APIs, for an app already admitted by `admitApiCall`. */
export function handleCardApi(ctx: RestContext, app: ResolvedApp, req: RouteRequest, res: ServerResponse): void {
  const route = routes[`${req.method} ${req.path}`];
  if (!route) return sendApiError(res, 404, 'NotFound', `no route for ${req.method} ${req.path}`);
  route(ctx, app, isRecord(req.body) ? req.body : {}, res);
}

function refuseField(res: ServerResponse, field: string, expected: string): void {
  sendApiError(res, 400, `invalidParameter.${field}`, `参数 ${field} 不合法 (${field} must be ${expected})`);
}

function refuseUnknownCard(res: ServerResponse, outTrackId: string): void {
  sendApiError(res, 400, 'param.cardNotExist', `卡片不存在 (no card with outTrackId ${outTrackId})`);
}

/** The real server's whole answer to streaming without the scopes or without a STREAM callbackType. */
function sendUnknownError(res: ServerResponse): void {
  sendApiError(res, 500, 'unknownError', 'unknown error');
}

/** `cardData.cardParamMap`, whose values the real templates take only as strings. */
function paramMapOf(cardData: unknown, res: ServerResponse): Record<string, string> | undefined {
  const map = isRecord(cardData) ? cardData.cardParamMap : undefined;
  if (!isRecord(map)) {
    refuseField(res, 'cardData', 'an object holding a cardParamMap object');
    return undefined;
  }
  const notString = Object.keys(map).find((key) => typeof map[key] !== 'string');
  if (notString !== undefined) {
    sendApiError(res, 400, 'invalidParameter', `cardParamMap.${notString} 必须是字符串 (must be a string, got ${typeof map[notString]})`);
    return undefined;
  }
  return map as Record<string, string>;
}

function templateUsable(ctx: RestContext, templateId: string, res: ServerResponse): boolean {
  if (ctx.options.unpublishedTemplates.includes(templateId)) {
    sendApiError(res, 400, 'param.templateUnpublished', `卡片模板未发布 (template ${templateId} is not published)`);
    return false;
  }
  if (TEMPLATE_ID.test(templateId)) return true;
  sendApiError(res, 400, 'param.templateIdInvalid', `卡片模板不存在 (no template ${templateId})`);
  return false;
}

interface DeliverResult {
  spaceType: string;
  spaceId: string;
  success: boolean;
  carrierId: string;
  errorMsg: string;
}

type Delivery =
  | { delivered: true; spaceType: CardSpaceType; spaceId: string; conversationId: string }
  | { delivered: false; result: DeliverResult };

function notDelivered(spaceType: string, spaceId: string, errorMsg: string): Delivery {
  return { delivered: false, result: { spaceType, spaceId, success: false, carrierId: '', errorMsg } };
}

/** Where the card goes; the real server reports a space it cannot deliver to inside an HTTP 200. */
function deliveryOf(ctx: RestContext, app: ResolvedApp, body: Body, openSpaceId: string): Delivery {
  const match = OPEN_SPACE_ID.exec(openSpaceId);
  if (!match) return notDelivered('', openSpaceId, SPACE_ILLEGAL);
  const spaceType = match[1] as CardSpaceType;
  const spaceId = match[2] as string;
  const fail = (errorMsg: string): Delivery => notDelivered(spaceType, spaceId, errorMsg);
  if (spaceType === 'IM_GROUP') {
    if (!ctx.isKnownGroup(spaceId)) return fail(SPACE_ILLEGAL);
    const model = body.imGroupOpenDeliverModel;
    if (!isRecord(model)) return fail('imGroupOpenDeliverModel is required for IM_GROUP');
    if (model.robotCode !== app.robotCode) return fail(`imGroupOpenDeliverModel.robotCode is illegal: ${String(model.robotCode)}`);
    return { delivered: true, spaceType, spaceId, conversationId: spaceId };
  }
  const conversationId = ctx.dmConversationOf(spaceId);
  if (conversationId === undefined) return fail(SPACE_ILLEGAL);
  const model = body.imRobotOpenDeliverModel;
  if (!isRecord(model)) return fail('imRobotOpenDeliverModel is required for IM_ROBOT');
  if (model.spaceType !== 'IM_ROBOT') return fail(`imRobotOpenDeliverModel.spaceType must be IM_ROBOT, got ${String(model.spaceType)}`);
  if (model.robotCode !== undefined && model.robotCode !== app.robotCode) {
    return fail(`imRobotOpenDeliverModel.robotCode is illegal: ${String(model.robotCode)}`);
  }
  return { delivered: true, spaceType, spaceId, conversationId };
}

function requiredString(body: Body, field: string, res: ServerResponse): string | undefined {
  const value = body[field];
  if (nonEmptyString(value)) return value;
  refuseField(res, field, 'a non-empty string');
  return undefined;
}

function createAndDeliver(ctx: RestContext, app: ResolvedApp, body: Body, res: ServerResponse): void {
  if (!hasPermission(app, CARD_INSTANCE_PERMISSION, res)) return;
  const templateId = requiredString(body, 'cardTemplateId', res);
  if (templateId === undefined) return;
  const outTrackId = requiredString(body, 'outTrackId', res);
  if (outTrackId === undefined) return;
  const openSpaceId = body.openSpaceId;
  if (typeof openSpaceId !== 'string') return refuseField(res, 'openSpaceId', 'a string');
  const data = paramMapOf(body.cardData, res);
  if (!data || !templateUsable(ctx, templateId, res)) return;
  if (ctx.cards.find(app.clientId, outTrackId)) {
    return sendApiError(res, 400, 'param.outTrackIdDuplicate', `outTrackId 重复 (outTrackId ${outTrackId} is already used)`);
  }
  const delivery = deliveryOf(ctx, app, body, openSpaceId);
  // An undelivered card is not kept, so a client that ignores the failure finds its streaming refused.
  if (!delivery.delivered) return sendJson(res, 200, { success: true, result: { outTrackId, deliverResults: [delivery.result] } });
  const now = Date.now();
  const callbackType = typeof body.callbackType === 'string' ? body.callbackType : undefined;
  ctx.cards.add({
    outTrackId,
    clientId: app.clientId,
    templateId,
    spaceType: delivery.spaceType,
    spaceId: delivery.spaceId,
    conversationId: delivery.conversationId,
    callbackType,
    visible: body.userIdType === 1,
    data: { ...data },
    frames: [],
    finalized: false,
    createdAt: now,
    updatedAt: now,
    createBody: body,
  });
  const result: DeliverResult = {
    spaceType: delivery.spaceType,
    spaceId: delivery.spaceId,
    success: true,
    carrierId: randomHex(8),
    errorMsg: '',
  };
  sendJson(res, 200, { success: true, result: { outTrackId, deliverResults: [result] } });
}

/** The frame fields of a streaming body; the three flags may be left out and then are false. */
function frameOf(body: Body, res: ServerResponse): Omit<CardFrame, 'at'> | undefined {
  const guid = requiredString(body, 'guid', res);
  if (guid === undefined) return undefined;
  const key = requiredString(body, 'key', res);
  if (key === undefined) return undefined;
  if (typeof body.content !== 'string') {
    refuseField(res, 'content', 'a string');
    return undefined;
  }
  const flags = { isFull: false, isFinalize: false, isError: false };
  for (const flag of Object.keys(flags) as (keyof typeof flags)[]) {
    const value = body[flag];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') {
      refuseField(res, flag, 'a boolean');
      return undefined;
    }
    flags[flag] = value;
  }
  return { guid, key, content: body.content, ...flags };
}

function streamToCard(ctx: RestContext, app: ResolvedApp, body: Body, res: ServerResponse): void {
  const scopes = [CARD_INSTANCE_PERMISSION, CARD_STREAMING_PERMISSION];
  if (!scopes.every((scope) => app.permissions.includes(scope))) return sendUnknownError(res);
  const outTrackId = requiredString(body, 'outTrackId', res);
  if (outTrackId === undefined) return;
  const frame = frameOf(body, res);
  if (!frame) return;
  const card = ctx.cards.find(app.clientId, outTrackId);
  if (!card) return refuseUnknownCard(res, outTrackId);
  if (card.callbackType !== 'STREAM') return sendUnknownError(res);
  if (ctx.cards.finalizedKey(card, frame.key)) {
    return sendApiError(res, 400, 'param.streamingFinished', `流式更新已结束 (key ${frame.key} of card ${outTrackId} was finalized)`);
  }
  if (ctx.cards.usedGuid(card, frame.guid)) {
    return sendApiError(res, 400, 'param.guidDuplicate', `guid 重复 (guid ${frame.guid} was already used for card ${outTrackId})`);
  }
  ctx.cards.appendFrame(card, { ...frame, at: Date.now() });
  sendJson(res, 200, { success: true, result: true });
}

function updateCard(ctx: RestContext, app: ResolvedApp, body: Body, res: ServerResponse): void {
  if (!hasPermission(app, CARD_INSTANCE_PERMISSION, res)) return;
  const outTrackId = requiredString(body, 'outTrackId', res);
  if (outTrackId === undefined) return;
  const params = paramMapOf(body.cardData, res);
  if (!params) return;
  const options = body.cardUpdateOptions;
  if (options !== undefined && !isRecord(options)) return refuseField(res, 'cardUpdateOptions', 'an object');
  const card = ctx.cards.find(app.clientId, outTrackId);
  if (!card) return refuseUnknownCard(res, outTrackId);
  const byKey = isRecord(options) ? options.updateCardDataByKey : undefined;
  ctx.cards.updateData(card, params, byKey === false);
  sendJson(res, 200, { success: true, result: true });
}
