import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  CARD_CALLBACK_TOPIC,
  DingTalkSimulator,
  GATEWAY_PATH,
  ROBOT_TOPIC,
  SIMULATED_CORP_ID,
  type DingTalkSimulatorOptions,
  type SimulatedApp,
} from '../../../../electron/core/platform/simulator/dingtalk/index.js';

interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}

interface DownFrame {
  type: string;
  headers: Record<string, string>;
  data: string;
}

const TEMPLATE = '382e4302-551d-4880-bf29-a30acfab2e71.schema';
const STAFF = 'manager807';
const GROUP = 'cid-team';

let sims: DingTalkSimulator[] = [];
let sockets: WebSocket[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const ws of sockets) ws.terminate();
  await Promise.all(sims.map((sim) => sim.stop()));
  sims = [];
  sockets = [];
});

async function startSim(options: DingTalkSimulatorOptions = {}): Promise<DingTalkSimulator> {
  const sim = new DingTalkSimulator(options);
  sims.push(sim);
  await sim.start();
  // Cards go only where the simulator has seen someone write from.
  sim.pushMessage({ sender: { staffId: STAFF } });
  sim.pushMessage({ conversation: { type: 'group', id: GROUP } });
  return sim;
}

async function request(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function tokenFor(sim: DingTalkSimulator, app: SimulatedApp = sim.app): Promise<string> {
  const res = await request(`${sim.endpoints.api}/v1.0/oauth2/accessToken`, 'POST', { appKey: app.clientId, appSecret: app.clientSecret });
  return String(res.body.accessToken);
}

/** Calls a v1.0 API as the sim's first app, or with the given token (null: no token header at all). */
async function api(sim: DingTalkSimulator, method: string, path: string, body: unknown, token?: string | null): Promise<JsonResponse> {
  const used = token === undefined ? await tokenFor(sim) : token;
  return request(`${sim.endpoints.api}${path}`, method, body, used === null ? {} : { 'x-acs-dingtalk-access-token': used });
}

function dmCard(sim: DingTalkSimulator, outTrackId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cardTemplateId: TEMPLATE,
    outTrackId,
    callbackType: 'STREAM',
    cardData: { cardParamMap: { config: '{"autoLayout":true}', msgContent: '', flowStatus: '1' } },
    imRobotOpenSpaceModel: { supportForward: true },
    openSpaceId: `dtv1.card//IM_ROBOT.${STAFF}`,
    userIdType: 1,
    imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: sim.app.robotCode },
    ...extra,
  };
}

function groupCard(sim: DingTalkSimulator, outTrackId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cardTemplateId: TEMPLATE,
    outTrackId,
    callbackType: 'STREAM',
    cardData: { cardParamMap: { msgContent: '', flowStatus: '1' } },
    imGroupOpenSpaceModel: { supportForward: true },
    openSpaceId: `dtv1.card//IM_GROUP.${GROUP}`,
    userIdType: 1,
    imGroupOpenDeliverModel: { robotCode: sim.app.robotCode },
    ...extra,
  };
}

const create = (sim: DingTalkSimulator, body: unknown, token?: string | null): Promise<JsonResponse> =>
  api(sim, 'POST', '/v1.0/card/instances/createAndDeliver', body, token);

let guids = 0;
function frame(outTrackId: string, content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { outTrackId, guid: `guid-${++guids}`, key: 'msgContent', content, isFull: true, isFinalize: false, isError: false, ...extra };
}

const stream = (sim: DingTalkSimulator, body: unknown, token?: string): Promise<JsonResponse> =>
  api(sim, 'PUT', '/v1.0/card/streaming', body, token);

const update = (sim: DingTalkSimulator, outTrackId: string, cardParamMap: unknown, extra: Record<string, unknown> = {}): Promise<JsonResponse> =>
  api(sim, 'PUT', '/v1.0/card/instances', { outTrackId, cardData: { cardParamMap }, ...extra });

function apiError(code: string, message: unknown = expect.any(String)): Record<string, unknown> {
  return { requestid: expect.any(String), code, message };
}

function failedDelivery(outTrackId: string, spaceType: string, spaceId: string, errorMsg: unknown): Record<string, unknown> {
  return { success: true, result: { outTrackId, deliverResults: [{ spaceType, spaceId, success: false, carrierId: '', errorMsg }] } };
}

describe('AI card round trips', () => {
  it('creates, streams, finalizes and updates a DM card, keeping every frame and the flow status', async () => {
    const sim = await startSim();
    const token = await tokenFor(sim);

    const created = await create(sim, dmCard(sim, 'dm-1'), token);
    expect(created).toEqual({
      status: 200,
      body: {
        success: true,
        result: {
          outTrackId: 'dm-1',
          deliverResults: [{ spaceType: 'IM_ROBOT', spaceId: STAFF, success: true, carrierId: expect.stringMatching(/.+/), errorMsg: '' }],
        },
      },
    });
    expect(sim.cards).toHaveLength(1);
    expect(sim.cards[0]).toMatchObject({
      outTrackId: 'dm-1',
      clientId: sim.app.clientId,
      templateId: TEMPLATE,
      spaceType: 'IM_ROBOT',
      spaceId: STAFF,
      conversationId: `cid-dm-${STAFF}`,
      callbackType: 'STREAM',
      visible: true,
      flowStatus: '1',
      finalized: false,
    });

    expect(await update(sim, 'dm-1', { flowStatus: '2' })).toEqual({ status: 200, body: { success: true, result: true } });
    for (const body of [frame('dm-1', 'Hel'), frame('dm-1', 'Hello'), frame('dm-1', ', world', { isFull: false })]) {
      expect(await stream(sim, body, token)).toEqual({ status: 200, body: { success: true, result: true } });
    }
    expect(sim.cards[0]?.data.msgContent).toBe('Hello, world');
    expect(await stream(sim, frame('dm-1', 'Hello, world!', { isFinalize: true }), token)).toMatchObject({ status: 200 });
    const finished = await update(sim, 'dm-1', { flowStatus: '3', msgContent: 'Hello, world!' }, { cardUpdateOptions: { updateCardDataByKey: true } });
    expect(finished.status).toBe(200);

    const card = sim.cards[0];
    expect(card?.frames.map((f) => [f.content, f.isFull, f.isFinalize])).toEqual([
      ['Hel', true, false],
      ['Hello', true, false],
      [', world', false, false],
      ['Hello, world!', true, true],
    ]);
    expect(card).toMatchObject({
      finalized: true,
      flowStatus: '3',
      data: { config: '{"autoLayout":true}', msgContent: 'Hello, world!', flowStatus: '3' },
    });
    expect(card?.updatedAt).toBeGreaterThanOrEqual(card?.createdAt ?? Infinity);
  });

  it('delivers to a group the bot was written to from, and a full update replaces the data', async () => {
    const sim = await startSim();
    const created = await create(sim, groupCard(sim, 'group-1'));
    expect(created.body).toMatchObject({ result: { deliverResults: [{ spaceType: 'IM_GROUP', spaceId: GROUP, success: true }] } });
    expect(await stream(sim, frame('group-1', 'thinking', { isError: true, isFinalize: true }))).toMatchObject({ status: 200 });
    expect(await update(sim, 'group-1', { flowStatus: '5' }, { cardUpdateOptions: { updateCardDataByKey: false } })).toMatchObject({ status: 200 });
    expect(sim.cards[0]).toMatchObject({ spaceType: 'IM_GROUP', conversationId: GROUP, flowStatus: '5', data: { flowStatus: '5' } });
    expect(sim.cards[0]?.data).not.toHaveProperty('msgContent');
    expect(sim.cards[0]?.frames[0]).toMatchObject({ isError: true, isFinalize: true });
  });

  it('wakes waiters when a card is streamed to in place', async () => {
    const sim = await startSim();
    await create(sim, dmCard(sim, 'dm-wait'));
    const streamed = sim.waitFor(() => sim.cards.find((card) => card.data.msgContent === 'done'), { what: 'streamed card' });
    await stream(sim, frame('dm-wait', 'done'));
    await expect(streamed).resolves.toMatchObject({ outTrackId: 'dm-wait' });
  });

  it('grants the card scopes by default and keeps an explicit list as given', async () => {
    const sim = await startSim();
    expect(sim.app.permissions).toEqual(['qyapi_robot_sendmsg', 'Card.Instance.Write', 'Card.Streaming.Write', 'qyapi_base']);
    const own = await startSim({ apps: [{ clientId: 'dingown', clientSecret: 's', permissions: ['qyapi_robot_sendmsg'] }] });
    expect(own.app.permissions).toEqual(['qyapi_robot_sendmsg']);
  });
});

describe('createAndDeliver refusals', () => {
  it('answers 403 without Card.Instance.Write', async () => {
    const sim = await startSim({ apps: [{ clientId: 'dingnocard', clientSecret: 's', permissions: ['qyapi_robot_sendmsg'] }] });
    const res = await create(sim, dmCard(sim, 'x'));
    expect(res).toEqual({
      status: 403,
      body: apiError('Forbidden.AccessDenied.AccessTokenPermissionDenied', '应用尚未开通所需的权限：[Card.Instance.Write]'),
    });
  });

  it('checks the token header as the robot APIs do', async () => {
    const sim = await startSim();
    expect(await create(sim, dmCard(sim, 'x'), null)).toEqual({
      status: 400,
      body: apiError('AuthenticationFailed.MissingParameter', '缺少参数：x-acs-dingtalk-access-token'),
    });
    expect(await create(sim, dmCard(sim, 'x'), 'not-a-token')).toEqual({ status: 400, body: apiError('InvalidAuthentication', '不合法的access_token') });
    expect(await api(sim, 'POST', '/v1.0/card/instances/deliver', {})).toEqual({ status: 404, body: apiError('NotFound') });
    expect(sim.cards).toHaveLength(0);
  });

  it('names the missing or mistyped field', async () => {
    const sim = await startSim();
    const without = (field: string): Record<string, unknown> => {
      const body = dmCard(sim, 'x');
      delete body[field];
      return body;
    };
    for (const field of ['cardTemplateId', 'outTrackId', 'openSpaceId', 'cardData']) {
      const res = await create(sim, without(field));
      expect(res).toEqual({ status: 400, body: apiError(`invalidParameter.${field}`, expect.stringContaining(field)) });
    }
    const numeric = await create(sim, dmCard(sim, 'x', { cardData: { cardParamMap: { msgContent: '', flowStatus: 1 } } }));
    expect(numeric).toEqual({ status: 400, body: apiError('invalidParameter', expect.stringContaining('flowStatus')) });
    expect(sim.cards).toHaveLength(0);
  });

  it('refuses unknown and unpublished templates', async () => {
    const sim = await startSim({ unpublishedTemplates: ['draft-1.schema'] });
    expect(await create(sim, dmCard(sim, 'x', { cardTemplateId: 'not a template' }))).toMatchObject({
      status: 400,
      body: apiError('param.templateIdInvalid'),
    });
    expect(await create(sim, dmCard(sim, 'x', { cardTemplateId: 'draft-1.schema' }))).toMatchObject({
      status: 400,
      body: apiError('param.templateUnpublished'),
    });
    expect(await create(sim, dmCard(sim, 'x', { cardTemplateId: 'my_own-template.schema' }))).toMatchObject({ status: 200 });
  });

  it('refuses a second card with the same outTrackId', async () => {
    const sim = await startSim();
    expect((await create(sim, dmCard(sim, 'twice'))).status).toBe(200);
    expect(await create(sim, groupCard(sim, 'twice'))).toMatchObject({ status: 400, body: apiError('param.outTrackIdDuplicate') });
    expect(sim.cards).toHaveLength(1);
  });

  it('reports an undeliverable space inside an HTTP 200, and keeps no card', async () => {
    const sim = await startSim();
    const cases: Array<[Record<string, unknown>, string, string, unknown]> = [
      [{ openSpaceId: `IM_ROBOT.${STAFF}` }, '', `IM_ROBOT.${STAFF}`, 'spaceId is illegal'],
      [{ openSpaceId: 'dtv1.card//IM_ROBOT.stranger' }, 'IM_ROBOT', 'stranger', 'spaceId is illegal'],
      [{ openSpaceId: 'dtv1.card//IM_GROUP.cid-unknown' }, 'IM_GROUP', 'cid-unknown', 'spaceId is illegal'],
      [{ imRobotOpenDeliverModel: { spaceType: 'IM_GROUP' } }, 'IM_ROBOT', STAFF, expect.stringContaining('spaceType')],
      [{ imRobotOpenDeliverModel: undefined }, 'IM_ROBOT', STAFF, expect.stringContaining('imRobotOpenDeliverModel')],
      [{ imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: 'other' } }, 'IM_ROBOT', STAFF, expect.stringContaining('robotCode')],
    ];
    for (const [extra, spaceType, spaceId, errorMsg] of cases) {
      const res = await create(sim, dmCard(sim, 'nowhere', extra));
      expect(res).toEqual({ status: 200, body: failedDelivery('nowhere', spaceType, spaceId, errorMsg) });
    }
    for (const model of [{ robotCode: 'other' }, undefined]) {
      const res = await create(sim, groupCard(sim, 'nowhere', { imGroupOpenDeliverModel: model }));
      expect(res).toEqual({ status: 200, body: failedDelivery('nowhere', 'IM_GROUP', GROUP, expect.stringContaining('imGroupOpenDeliverModel')) });
    }
    expect(sim.cards).toHaveLength(0);
    expect(await stream(sim, frame('nowhere', 'x'))).toMatchObject({ status: 400, body: apiError('param.cardNotExist') });
  });

  it('creates a card without userIdType 1 but shows it to nobody', async () => {
    const sim = await startSim();
    expect((await create(sim, dmCard(sim, 'hidden', { userIdType: 0 }))).status).toBe(200);
    expect(sim.cards[0]).toMatchObject({ outTrackId: 'hidden', visible: false });
  });
});

describe('streaming and update refusals', () => {
  it('answers 500 unknownError to streaming without a STREAM callbackType or without Card.Streaming.Write', async () => {
    const sim = await startSim();
    await create(sim, dmCard(sim, 'no-callback', { callbackType: undefined }));
    expect(sim.cards[0]?.callbackType).toBeUndefined();
    expect(await stream(sim, frame('no-callback', 'x'))).toEqual({ status: 500, body: apiError('unknownError', 'unknown error') });

    const noStreaming = await startSim({ apps: [{ clientId: 'dingnostream', clientSecret: 's', permissions: ['Card.Instance.Write'] }] });
    expect((await create(noStreaming, dmCard(noStreaming, 'c'))).status).toBe(200);
    expect(await stream(noStreaming, frame('c', 'x'))).toEqual({ status: 500, body: apiError('unknownError', 'unknown error') });
    expect(noStreaming.cards[0]?.frames).toHaveLength(0);
  });

  it('refuses streaming to an unknown card, after a finalize, with a used guid or with mistyped fields', async () => {
    const sim = await startSim();
    const token = await tokenFor(sim);
    await create(sim, dmCard(sim, 'c'), token);
    expect(await stream(sim, frame('unknown', 'x'), token)).toMatchObject({ status: 400, body: apiError('param.cardNotExist') });

    const first = frame('c', 'a');
    expect((await stream(sim, first, token)).status).toBe(200);
    expect(await stream(sim, { ...first, content: 'ab' }, token)).toMatchObject({ status: 400, body: apiError('param.guidDuplicate') });

    for (const [field, value] of [['isFull', 'true'], ['guid', ''], ['key', undefined], ['content', 5], ['isFinalize', 1]] as const) {
      const res = await stream(sim, frame('c', 'x', { [field]: value }), token);
      expect(res).toEqual({ status: 400, body: apiError(`invalidParameter.${field}`, expect.stringContaining(field)) });
    }
    const { isFull: _f, isFinalize: _z, isError: _e, ...flagless } = frame('c', 'flags default to false');
    expect((await stream(sim, flagless, token)).status).toBe(200);
    expect(sim.cards[0]?.frames.at(-1)).toMatchObject({ isFull: false, isFinalize: false, isError: false });

    expect((await stream(sim, frame('c', 'final', { isFinalize: true }), token)).status).toBe(200);
    expect(await stream(sim, frame('c', 'late'), token)).toMatchObject({
      status: 400,
      body: apiError('param.streamingFinished', expect.stringContaining('finalized')),
    });
    expect(sim.cards[0]?.data.msgContent).toBe('final');
  });

  it('refuses updates to unknown cards, with non-string values or without Card.Instance.Write', async () => {
    const sim = await startSim();
    await create(sim, dmCard(sim, 'c'));
    expect(await update(sim, 'unknown', { flowStatus: '3' })).toMatchObject({ status: 400, body: apiError('param.cardNotExist') });
    expect(await update(sim, 'c', { flowStatus: 3 })).toEqual({ status: 400, body: apiError('invalidParameter', expect.stringContaining('flowStatus')) });
    expect(sim.cards[0]?.flowStatus).toBe('1');

    const readOnly = await startSim({ apps: [{ clientId: 'dingro', clientSecret: 's', permissions: ['Card.Streaming.Write'] }] });
    expect(await update(readOnly, 'c', { flowStatus: '3' })).toEqual({
      status: 403,
      body: apiError('Forbidden.AccessDenied.AccessTokenPermissionDenied', '应用尚未开通所需的权限：[Card.Instance.Write]'),
    });
  });

  it('lets an injected one-off fault answer a card call', async () => {
    const sim = await startSim();
    await create(sim, dmCard(sim, 'c'));
    const qps = { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'qps', requestid: 'r' };
    sim.faults.add({ method: 'PUT', path: '/v1.0/card/streaming', status: 403, body: qps, times: 1 });
    expect(await stream(sim, frame('c', 'a'))).toEqual({ status: 403, body: qps });
    expect((await stream(sim, frame('c', 'a'))).status).toBe(200);
  });
});

describe('apiQps', () => {
  it('refuses calls beyond the rate within a second with 403 QpsLimit, and records them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sim = await startSim({ apiQps: 2 });
    const token = await tokenFor(sim);
    const groupSend = { robotCode: sim.app.robotCode, openConversationId: GROUP, msgKey: 'sampleText', msgParam: '{"content":"x"}' };
    expect((await api(sim, 'POST', '/v1.0/robot/groupMessages/send', groupSend, token)).status).toBe(200);
    expect((await create(sim, dmCard(sim, 'c'), token)).status).toBe(200);
    const refused = await stream(sim, frame('c', 'a'), token);
    expect(refused).toEqual({ status: 403, body: apiError('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi') });
    expect(sim.requests.filter((req) => req.path === '/v1.0/card/streaming')).toHaveLength(1);
    expect(sim.cards[0]?.frames).toHaveLength(0);

    vi.setSystemTime(Date.now() + 1001);
    expect((await stream(sim, frame('c', 'a'), token)).status).toBe(200);
  });

  it('answers 429 Throttling when asked to', async () => {
    const sim = await startSim({ apiQps: 1, apiQpsAnswer: 429 });
    const token = await tokenFor(sim);
    expect((await create(sim, dmCard(sim, 'c'), token)).status).toBe(200);
    expect(await stream(sim, frame('c', 'a'), token)).toEqual({ status: 429, body: apiError('Throttling') });
  });
});

/** A bare Stream client that keeps every frame it gets. */
async function openStream(sim: DingTalkSimulator, topics: string[]): Promise<{ ws: WebSocket; frames: DownFrame[] }> {
  const subscriptions = topics.map((topic) => ({ type: 'CALLBACK', topic }));
  const { clientId, clientSecret } = sim.app;
  const opened = await request(`${sim.endpoints.api}${GATEWAY_PATH}`, 'POST', { clientId, clientSecret, ua: '', subscriptions });
  const ws = new WebSocket(`${String(opened.body.endpoint)}?ticket=${String(opened.body.ticket)}`);
  sockets.push(ws);
  const frames: DownFrame[] = [];
  ws.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')) as DownFrame));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames };
}

function ack(ws: WebSocket, messageId: string, data: unknown): void {
  ws.send(JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify(data) }));
}

describe('clickCard', () => {
  it('pushes the click on the card topic and applies the card data the ACK answers with', async () => {
    const sim = await startSim();
    const client = await openStream(sim, [ROBOT_TOPIC, CARD_CALLBACK_TOPIC]);
    await create(sim, dmCard(sim, 'dm-click'));

    const { messageId } = sim.clickCard({ outTrackId: 'dm-click', userId: STAFF, actionId: 'approve', params: { choice: 'yes' } });
    const pushed = await sim.waitFor(() => client.frames.find((f) => f.headers.messageId === messageId), { what: 'card callback frame' });
    expect(pushed).toMatchObject({ type: 'CALLBACK', headers: { topic: CARD_CALLBACK_TOPIC } });
    const data = JSON.parse(pushed.data) as Record<string, unknown>;
    expect(data).toEqual({
      outTrackId: 'dm-click',
      corpId: SIMULATED_CORP_ID,
      userId: STAFF,
      spaceType: 'IM_ROBOT',
      spaceId: STAFF,
      type: 'actionCallback',
      extension: '{}',
      content: expect.any(String),
    });
    expect(JSON.parse(String(data.content))).toEqual({ cardPrivateData: { actionIds: ['approve'], params: { choice: 'yes' } } });
    expect(sim.cardCallbacks).toEqual([expect.objectContaining({ messageId, outTrackId: 'dm-click', userId: STAFF, actionId: 'approve' })]);

    ack(client.ws, messageId, { cardData: { cardParamMap: { flowStatus: '3', msgContent: 'approved' } } });
    const card = await sim.waitFor(() => sim.cards.find((c) => c.data.msgContent === 'approved'), { what: 'card updated from the ACK' });
    expect(card).toMatchObject({ flowStatus: '3', data: { config: '{"autoLayout":true}' } });
    expect(sim.cardCallbacks[0]?.response).toBe(JSON.stringify({ cardData: { cardParamMap: { flowStatus: '3', msgContent: 'approved' } } }));
    expect(sim.acks.find((a) => a.messageId === messageId)).toMatchObject({ code: 200, ignored: false });
  });

  it('also takes the SDK socketCallBackResponse shape, and an ACK without cardData leaves the card alone', async () => {
    const sim = await startSim();
    const client = await openStream(sim, [CARD_CALLBACK_TOPIC]);
    await create(sim, groupCard(sim, 'g'));

    const plain = sim.clickCard({ outTrackId: 'g', userId: 'someone', actionId: 'noop', corpId: 'dingothercorp' });
    const plainFrame = await sim.waitFor(() => client.frames.find((f) => f.headers.messageId === plain.messageId));
    expect(JSON.parse(plainFrame.data)).toMatchObject({ corpId: 'dingothercorp', spaceType: 'IM_GROUP', spaceId: GROUP });
    ack(client.ws, plain.messageId, { status: 'SUCCESS' });
    await sim.waitFor(() => sim.cardCallbacks[0]?.answeredAt);
    expect(sim.cards[0]?.data).toEqual({ msgContent: '', flowStatus: '1' });

    const wrapped = sim.clickCard({ outTrackId: 'g', userId: 'someone', actionId: 'stop' });
    await sim.waitFor(() => client.frames.find((f) => f.headers.messageId === wrapped.messageId));
    ack(client.ws, wrapped.messageId, { response: { cardData: { cardParamMap: { flowStatus: '5', ignored: 7 } } } });
    const card = await sim.waitFor(() => sim.cards.find((c) => c.flowStatus === '5'), { what: 'card updated from the wrapped ACK' });
    expect(card.data).not.toHaveProperty('ignored');
  });

  it('throws when no connection subscribed to the card topic, or the card is unknown', async () => {
    const sim = await startSim();
    await openStream(sim, [ROBOT_TOPIC]);
    await create(sim, dmCard(sim, 'c'));
    expect(() => sim.clickCard({ outTrackId: 'c', userId: STAFF, actionId: 'a' })).toThrow(/subscribed to \/v1\.0\/card\/instances\/callback/);
    expect(() => sim.clickCard({ outTrackId: 'missing', userId: STAFF, actionId: 'a' })).toThrow(/no card with outTrackId missing/);
    expect(sim.cardCallbacks).toHaveLength(0);
  });
});
