import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import {
  DingTalkSimulator,
  GATEWAY_PATH,
  ROBOT_TOPIC,
  type SimulatedApp,
  type DingTalkSimulatorOptions,
} from '../../../../electron/core/platform/simulator/dingtalk/index.js';

interface DownFrame {
  specVersion: string;
  type: string;
  headers: Record<string, unknown>;
  data: string;
}

interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

const ROBOT_SUBSCRIPTIONS = [
  { type: 'EVENT', topic: '*' },
  { type: 'CALLBACK', topic: ROBOT_TOPIC },
];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let fakes: DingTalkSimulator[] = [];
let sockets: WebSocket[] = [];
let sdkClients: DWClient[] = [];

async function startFake(options: DingTalkSimulatorOptions = {}): Promise<DingTalkSimulator> {
  const fake = new DingTalkSimulator(options);
  fakes.push(fake);
  await fake.start();
  return fake;
}

async function request(
  url: string,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  const res = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { accept: 'application/json', ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(hasBody ? { body: init.rawBody ?? JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function openTicket(fake: DingTalkSimulator, app: SimulatedApp = fake.app): Promise<{ endpoint: string; ticket: string }> {
  const res = await request(`${fake.endpoints.api}${GATEWAY_PATH}`, {
    body: { clientId: app.clientId, clientSecret: app.clientSecret, ua: '', subscriptions: ROBOT_SUBSCRIPTIONS },
  });
  expect(res.status).toBe(200);
  return res.body as { endpoint: string; ticket: string };
}

/** The HTTP status a WebSocket handshake ends with: 101 when accepted. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    ws.on('open', () => resolve(101));
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on('error', reject);
  });
}

/** A bare WebSocket client that records every frame, for what the SDK cannot show (no ACK, wrong echo, raw text). */
class RawClient {
  readonly texts: string[] = [];
  readonly frames: DownFrame[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      this.texts.push(text);
      try {
        this.frames.push(JSON.parse(text) as DownFrame);
      } catch {
        // Malformed frames are kept in `texts` only.
      }
      for (const listener of this.listeners) listener();
    });
  }

  static async open(fake: DingTalkSimulator, app?: SimulatedApp): Promise<RawClient> {
    const { endpoint, ticket } = await openTicket(fake, app);
    const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
    sockets.push(ws);
    // Listen before 'open': a queued frame can arrive in the same chunk as the handshake response.
    const client = new RawClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  get connectionId(): string {
    return String(this.frames[0]?.headers.connectionId);
  }

  /** Resolves with the probe's value as soon as a received frame makes it truthy. */
  waitUntil<T>(probe: () => T | undefined, what: string, timeoutMs = 2000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (!value) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  waitFrames(match: (frame: DownFrame) => boolean, count = 1, timeoutMs?: number): Promise<DownFrame[]> {
    return this.waitUntil(
      () => {
        const found = this.frames.filter(match);
        return found.length >= count ? found : undefined;
      },
      `${count} frame(s)`,
      timeoutMs,
    );
  }

  async waitFrame(match: (frame: DownFrame) => boolean, timeoutMs?: number): Promise<DownFrame> {
    const [frame] = await this.waitFrames(match, 1, timeoutMs);
    if (!frame) throw new Error('unreachable: waitFrames resolved empty');
    return frame;
  }

  ack(messageId: string): void {
    this.ws.send(
      JSON.stringify({
        code: 200,
        headers: { contentType: 'application/json', messageId },
        message: 'OK',
        data: JSON.stringify({ status: 'SUCCESS', message: 'ok' }),
      }),
    );
  }

  closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }
}

/** The real SDK, pointed at the fake the way the app will do it: by overriding getEndpoint(). */
class FakeDWClient extends DWClient {
  constructor(
    private readonly fake: DingTalkSimulator,
    app: SimulatedApp,
  ) {
    super({ clientId: app.clientId, clientSecret: app.clientSecret });
    this.config.autoReconnect = false;
    // The SDK's default subscriptions array is shared by every client in the process.
    this.config.subscriptions = [{ type: 'EVENT', topic: '*' }];
  }

  override async getEndpoint(): Promise<this> {
    const res = await request(`${this.fake.endpoints.api}${GATEWAY_PATH}`, {
      body: {
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      },
    });
    const { endpoint, ticket } = res.body as { endpoint: string; ticket: string };
    (this as unknown as { dw_url: string }).dw_url = `${endpoint}?ticket=${ticket}`;
    return this;
  }
}

async function connectSdk(fake: DingTalkSimulator, onMessage: (msg: DWClientDownStream, client: DWClient) => void): Promise<DWClient> {
  const client = new FakeDWClient(fake, fake.app);
  sdkClients.push(client);
  client.registerCallbackListener(ROBOT_TOPIC, (msg) => onMessage(msg, client));
  await client.getEndpoint();
  await client._connect();
  return client;
}

async function tokenFor(fake: DingTalkSimulator, app: SimulatedApp = fake.app): Promise<string> {
  const res = await request(`${fake.endpoints.api}/v1.0/oauth2/accessToken`, {
    body: { appKey: app.clientId, appSecret: app.clientSecret },
  });
  return String(res.body.accessToken);
}

function robotApi(fake: DingTalkSimulator, path: string, token: string | undefined, body: unknown): Promise<JsonResponse> {
  return request(`${fake.endpoints.api}/v1.0/robot/${path}`, {
    body,
    headers: token === undefined ? {} : { 'x-acs-dingtalk-access-token': token },
  });
}

beforeEach(() => {
  // The SDK logs every connect and disconnect with console.info.
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
});

afterEach(async () => {
  for (const client of sdkClients) client.disconnect();
  for (const ws of sockets) ws.terminate();
  await Promise.all(fakes.map((fake) => fake.stop()));
  fakes = [];
  sockets = [];
  sdkClients = [];
  vi.restoreAllMocks();
});

describe('gateway and tickets', () => {
  it('hands out a ticket for every SDK body variant and rejects bad credentials and missing fields', async () => {
    const fake = await startFake();
    const url = `${fake.endpoints.api}${GATEWAY_PATH}`;
    const { clientId, clientSecret } = fake.app;

    const node = await request(url, { body: { clientId, clientSecret, ua: '', subscriptions: ROBOT_SUBSCRIPTIONS } });
    expect(node.status).toBe(200);
    expect(node.body.endpoint).toBe(`${fake.baseUrl.replace('http', 'ws')}/connect`);
    expect(node.body.ticket).toMatch(/^[0-9a-f-]{36}$/);

    const python = await request(url, {
      body: { clientId, clientSecret, ua: 'dingtalk-sdk-python/v0.24.0-union', localIp: '10.0.0.5,10.0.0.6', subscriptions: ROBOT_SUBSCRIPTIONS },
    });
    const go = await request(url, {
      body: {
        clientId,
        clientSecret,
        ua: 'dingtalk-stream-sdk-go',
        localIp: '10.0.0.5',
        extras: { k: 'v' },
        subscriptions: [...ROBOT_SUBSCRIPTIONS, { type: 'SYSTEM', topic: 'ping' }, { type: 'SYSTEM', topic: 'disconnect' }],
      },
    });
    expect([python.status, go.status]).toEqual([200, 200]);

    const bad = await request(url, { body: { clientId, clientSecret: 'wrong', subscriptions: ROBOT_SUBSCRIPTIONS } });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ requestid: expect.stringMatching(/^[0-9A-F-]{36}$/), code: 'authFailed', message: '鉴权失败' });

    const missing = await request(url, { body: { clientId, subscriptions: ROBOT_SUBSCRIPTIONS } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'MissingParameter', requestid: expect.any(String) });

    expect(fake.gatewayCalls).toBe(5);
    expect(fake.requests.filter((r) => r.path === GATEWAY_PATH)).toHaveLength(5);
  });

  it('accepts a ticket once and answers unknown, reused and expired tickets with 401', async () => {
    const fake = await startFake({ ticketTtlMs: 50 });
    const { endpoint, ticket } = await openTicket(fake);

    expect(await upgradeStatus(`${endpoint}?ticket=${ticket}`)).toBe(101);
    expect(await upgradeStatus(`${endpoint}?ticket=${ticket}`)).toBe(401);
    expect(await upgradeStatus(`${endpoint}?ticket=not-a-ticket`)).toBe(401);

    const late = await openTicket(fake);
    await sleep(70);
    expect(await upgradeStatus(`${late.endpoint}?ticket=${late.ticket}`)).toBe(401);

    const live = fake.connections();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ clientId: fake.app.clientId, state: 'live', subscriptions: ROBOT_SUBSCRIPTIONS });
    expect(fake.requests.filter((r) => r.path === '/connect')).toHaveLength(4);
  });
});

describe('delivery, ACK and redelivery', () => {
  it('pushes a group message to the SDK and records its ACK with latency', async () => {
    const fake = await startFake();
    const received: DWClientDownStream[] = [];
    await connectSdk(fake, (msg, client) => {
      received.push(msg);
      client.socketCallBackResponse(msg.headers.messageId, null);
    });

    const pushed = fake.pushMessage({ conversation: { type: 'group' }, text: '帮我看下这个报错' });
    const ack = await fake.waitFor(() => fake.acks.find((a) => a.messageId === pushed.messageId), { what: 'the ACK' });

    const [connection] = fake.connections();
    expect(ack).toMatchObject({ connectionId: connection?.id, code: 200, data: '{"response":null}', ignored: false });
    expect(ack.latencyMs).toBeGreaterThanOrEqual(0);
    expect(fake.deliveries).toEqual([
      { messageId: pushed.messageId, msgId: pushed.msgId, connectionId: connection?.id, attempt: 1, at: expect.any(Number) },
    ]);

    expect(received).toHaveLength(1);
    const frame = received[0] as DWClientDownStream;
    expect(frame.specVersion).toBe('1.0');
    expect(frame.type).toBe('CALLBACK');
    expect(frame.headers).toEqual({
      appId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      connectionId: connection?.id,
      contentType: 'application/json',
      messageId: pushed.messageId,
      time: expect.stringMatching(/^\d{13}$/),
      topic: ROBOT_TOPIC,
    });
    const data = JSON.parse(frame.data) as Record<string, unknown>;
    expect(data).toEqual(pushed.data);
    expect(data).toMatchObject({
      conversationId: pushed.conversationId,
      conversationType: '2',
      conversationTitle: '测试群',
      chatbotCorpId: fake.corpId,
      chatbotUserId: fake.chatbotUserId,
      msgId: pushed.msgId,
      senderNick: '张三',
      senderStaffId: 'manager807',
      senderCorpId: fake.corpId,
      sessionWebhook: pushed.sessionWebhook,
      isInAtList: true,
      atUsers: [{ dingtalkId: fake.chatbotUserId }],
      robotCode: fake.app.clientId,
      msgtype: 'text',
      text: { content: ' 帮我看下这个报错' },
    });
    expect(fake.chatbotUserId).toMatch(/^\$:LWCP_v1:\$bot/);
    expect(data.senderId).toMatch(/^\$:LWCP_v1:\$/);
    expect(pushed.msgId).toMatch(/^msg/);
    expect(pushed.sessionWebhook).toMatch(new RegExp(`^${fake.baseUrl}/robot/sendBySession\\?session=[0-9a-f]+$`));
    expect(Number(data.sessionWebhookExpiredTime) - Number(data.createAt)).toBe(5_400_000);
  });

  it('builds DM and non-text messages, with extra fields merged last', async () => {
    const fake = await startFake();
    const client = await RawClient.open(fake);

    const dm = fake.pushMessage({
      sender: { staffId: 'alice', nick: 'Alice' },
      text: '这是回复',
      extra: { text: { content: '这是回复', isReplyMsg: true, repliedMsg: { msgType: 'text', content: { text: '原消息' } } } },
    });
    const picture = fake.pushMessage({ msgtype: 'picture', content: { downloadCode: 'dc1', pictureDownloadCode: 'pdc1' } });
    const frames = await client.waitFrames((f) => f.type === 'CALLBACK', 2);

    const dmData = JSON.parse(frames[0]?.data ?? '{}') as Record<string, unknown>;
    expect(dmData).toMatchObject({ conversationId: 'cid-dm-alice', conversationType: '1', senderNick: 'Alice', msgId: dm.msgId });
    expect(dmData).not.toHaveProperty('conversationTitle');
    expect(dmData).not.toHaveProperty('isInAtList');
    expect(dmData).not.toHaveProperty('atUsers');
    expect(dmData.text).toEqual({ content: '这是回复', isReplyMsg: true, repliedMsg: { msgType: 'text', content: { text: '原消息' } } });

    const pictureData = JSON.parse(frames[1]?.data ?? '{}') as Record<string, unknown>;
    expect(pictureData).toMatchObject({ msgtype: 'picture', content: { downloadCode: 'dc1', pictureDownloadCode: 'pdc1' }, msgId: picture.msgId });
    expect(pictureData).not.toHaveProperty('text');
  });

  it('redelivers an un-ACKed message with the identical frame and stops once it is ACKed', async () => {
    const fake = await startFake({ redeliveryDelayMs: 200 });
    const client = await RawClient.open(fake);
    const pushed = fake.pushMessage({ text: 'hi' });

    const [first, second] = await client.waitFrames((f) => f.headers.messageId === pushed.messageId, 2);
    expect(second).toEqual(first);
    expect(fake.deliveries.map((d) => d.attempt)).toEqual([1, 2]);
    const gap = (fake.deliveries[1]?.at ?? 0) - (fake.deliveries[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(190);

    client.ack(pushed.messageId);
    await fake.waitFor(() => fake.acks[0], { what: 'the ACK' });
    await sleep(300);
    expect(fake.deliveries).toHaveLength(2);
  });

  it('keeps redelivering when ACKs are dropped, and records them as ignored', async () => {
    const fake = await startFake({ redeliveryDelayMs: 100 });
    fake.dropAcks = true;
    const client = await RawClient.open(fake);
    const pushed = fake.pushMessage();

    await client.waitFrame((f) => f.headers.messageId === pushed.messageId);
    client.ack(pushed.messageId);
    await client.waitFrames((f) => f.headers.messageId === pushed.messageId, 2);
    expect(fake.acks[0]).toMatchObject({ messageId: pushed.messageId, ignored: true });
  });

  it('queues pushes until a subscribed connection is live, and moves un-ACKed frames off a closed connection', async () => {
    const fake = await startFake({ redeliveryDelayMs: 150 });
    const queued = fake.pushMessage({ text: 'while offline' });
    expect(fake.deliveries).toHaveLength(0);

    const first = await RawClient.open(fake);
    const frame = await first.waitFrame((f) => f.headers.messageId === queued.messageId);
    first.ws.terminate();
    await fake.waitFor(() => fake.connections()[0]?.state === 'closed', { what: 'the close' });

    const second = await RawClient.open(fake);
    const again = await second.waitFrame((f) => f.headers.messageId === queued.messageId);
    const secondId = fake.connections().find((c) => c.state === 'live')?.id;
    expect(again.data).toBe(frame.data);
    expect(again.headers).toEqual({ ...frame.headers, connectionId: secondId });
    expect(fake.deliveries.map((d) => [d.attempt, d.connectionId])).toEqual([
      [1, frame.headers.connectionId],
      [2, secondId],
    ]);
  });

  it('redelivers on demand even after an ACK', async () => {
    const fake = await startFake();
    const client = await RawClient.open(fake);
    const pushed = fake.pushMessage();
    const original = await client.waitFrame((f) => f.headers.messageId === pushed.messageId);
    client.ack(pushed.messageId);
    await fake.waitFor(() => fake.acks.length === 1);

    fake.redeliver(pushed.messageId);
    const [, duplicate] = await client.waitFrames((f) => f.headers.messageId === pushed.messageId, 2);
    expect(duplicate).toEqual(original);
    expect(fake.deliveries.map((d) => d.attempt)).toEqual([1, 2]);
  });

  it('targets a chosen connection, spreads the rest at random, and sends raw text', async () => {
    const fake = await startFake();
    const a = await RawClient.open(fake);
    const b = await RawClient.open(fake);
    const [idA, idB] = fake.connections().map((c) => c.id);

    const targeted = fake.pushMessage({ connectionId: idB });
    await b.waitFrame((f) => f.headers.messageId === targeted.messageId);
    expect(fake.deliveries[0]?.connectionId).toBe(idB);

    for (let i = 0; i < 20; i++) fake.pushMessage();
    await fake.waitFor(() => fake.deliveries.length === 21);
    const used = new Set(fake.deliveries.slice(1).map((d) => d.connectionId));
    expect(used).toEqual(new Set([idA, idB]));

    fake.pushRawFrame('{not json', idA);
    await a.waitUntil(() => a.texts.includes('{not json'), 'the raw frame');
    expect(() => fake.pushMessage({ connectionId: 'nope' })).toThrow(/not a live/);
  });
});

describe('SYSTEM frames and connection faults', () => {
  it('sends SYSTEM pings that the SDK echoes, and flags a wrong echo', async () => {
    const fake = await startFake({ pingIntervalMs: 40 });
    await connectSdk(fake, () => undefined);
    const echoed = await fake.waitFor(() => fake.pings.find((p) => p.echoOk === true), { what: 'an echoed ping' });
    expect(echoed.echoedAt).toBeGreaterThanOrEqual(echoed.sentAt);

    const raw = await RawClient.open(fake);
    const ping = await raw.waitFrame((f) => f.type === 'SYSTEM' && f.headers.topic === 'ping');
    expect(JSON.parse(ping.data)).toEqual({ opaque: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    raw.ws.send(JSON.stringify({ code: 200, headers: ping.headers, message: 'OK', data: JSON.stringify({ opaque: 'wrong' }) }));
    const wrong = await fake.waitFor(() => fake.pings.find((p) => p.messageId === ping.headers.messageId && p.echoedAt));
    expect(wrong.echoOk).toBe(false);
  });

  it('sends a SYSTEM disconnect, stops pushing and pinging, and closes after the grace period', async () => {
    const fake = await startFake({ pingIntervalMs: 30 });
    const client = await RawClient.open(fake);
    const id = fake.connections()[0]?.id ?? '';

    fake.disconnect(id, { closeAfterMs: 150 });
    const started = Date.now();
    const frame = await client.waitFrame((f) => f.headers.topic === 'disconnect');
    expect(frame).toMatchObject({ type: 'SYSTEM', headers: { connectionId: id, contentType: 'application/json' } });
    expect(JSON.parse(frame.data)).toEqual({ reason: 'connection is expired' });
    expect(fake.connections()[0]?.state).toBe('draining');

    const pingsBefore = fake.pings.length;
    const pushed = fake.pushMessage();
    expect(fake.deliveries).toHaveLength(0);

    expect(await client.closed()).toBe(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.pings.length).toBe(pingsBefore);
    const closed = await fake.waitFor(() => fake.connections().find((c) => c.state === 'closed'), { what: 'the close' });
    expect(closed.closedAt).toEqual(expect.any(Number));

    const next = await RawClient.open(fake);
    await next.waitFrame((f) => f.headers.messageId === pushed.messageId);
  });

  it('leaves the SDK connected after a SYSTEM disconnect until the server closes the socket', async () => {
    const fake = await startFake();
    const client = await connectSdk(fake, () => undefined);
    fake.disconnect(undefined, { closeAfterMs: 100 });
    await fake.waitFor(() => fake.connections()[0]?.state === 'closed', { what: 'the server-side close' });
    expect(client.connected).toBe(false);
    expect(fake.gatewayCalls).toBe(1);
  });

  it('keeps a zombie open but silent, answering ws pings only when asked to', async () => {
    const fake = await startFake({ pingIntervalMs: 30 });
    const silent = await RawClient.open(fake);
    const pong = (client: RawClient): Promise<boolean> =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), 150);
        client.ws.once('pong', () => {
          clearTimeout(timer);
          resolve(true);
        });
        client.ws.ping();
      });
    expect(await pong(silent)).toBe(true);

    const silentId = fake.connections()[0]?.id ?? '';
    fake.zombify(silentId);
    const pingsBefore = fake.pings.length;
    const pushed = fake.pushMessage();
    expect(await pong(silent)).toBe(false);
    expect(fake.deliveries).toHaveLength(0);
    expect(fake.pings.length).toBe(pingsBefore);
    expect(silent.ws.readyState).toBe(WebSocket.OPEN);
    expect(fake.connections()[0]?.state).toBe('zombie');

    const polite = await RawClient.open(fake);
    await polite.waitFrame((f) => f.headers.messageId === pushed.messageId);
    fake.zombify(fake.connections()[1]?.id, { answerPings: true });
    expect(await pong(polite)).toBe(true);
  });

  it('terminates a connection abruptly', async () => {
    const fake = await startFake();
    const client = await RawClient.open(fake);
    fake.terminate();
    expect(await client.closed()).toBe(1006);
    await fake.waitFor(() => fake.connections()[0]?.state === 'closed');
  });
});

describe('session webhook', () => {
  it('accepts text and markdown replies into the outbox and ignores a token header', async () => {
    const fake = await startFake();
    const pushed = fake.pushMessage({ conversation: { type: 'group', id: 'cidGroup==' } });

    const text = await request(pushed.sessionWebhook, {
      body: { msgtype: 'text', text: { content: '@manager807 收到' }, at: { atUserIds: ['manager807'], isAtAll: false } },
      headers: { 'x-acs-dingtalk-access-token': 'whatever' },
    });
    const markdown = await request(pushed.sessionWebhook, {
      body: { msgtype: 'markdown', markdown: { title: '预览标题', text: '### 结果' } },
    });
    expect([text.status, text.body, markdown.body]).toEqual([200, { errcode: 0, errmsg: 'ok' }, { errcode: 0, errmsg: 'ok' }]);
    expect(fake.outbox).toEqual([
      expect.objectContaining({ via: 'webhook', conversationId: 'cidGroup==', conversationType: '2', msgtype: 'text', text: '@manager807 收到', atUserIds: ['manager807'] }),
      expect.objectContaining({ via: 'webhook', msgtype: 'markdown', title: '预览标题', text: '### 结果' }),
    ]);
  });

  it('answers 40035, 460101, 300001 and 660026 like the real server', async () => {
    const fake = await startFake({ webhookRateLimitPerMinute: 2, webhookTtlMs: 100 });
    const pushed = fake.pushMessage();
    const send = (url: string, body: unknown): Promise<JsonResponse> => request(url, { body });
    const hello = { msgtype: 'text', text: { content: 'hi' } };

    expect((await request(pushed.sessionWebhook, { rawBody: '{oops' })).body).toMatchObject({ errcode: 40035 });
    expect((await send(pushed.sessionWebhook, { text: { content: 'no msgtype' } })).body).toMatchObject({ errcode: 40035 });
    const huge = await send(pushed.sessionWebhook, { msgtype: 'text', text: { content: 'x'.repeat(20_001) } });
    expect(huge).toMatchObject({ status: 200, body: { errcode: 460101, errmsg: 'message too long, exceed 20000 bytes' } });
    const unknown = await send(`${fake.baseUrl}/robot/sendBySession?session=deadbeef`, hello);
    expect(unknown.body).toEqual({ errcode: 300001, errmsg: 'session 不存在' });

    expect((await send(pushed.sessionWebhook, hello)).body).toMatchObject({ errcode: 0 });
    expect((await send(pushed.sessionWebhook, hello)).body).toMatchObject({ errcode: 0 });
    const limited = await send(pushed.sessionWebhook, hello);
    expect(limited.body).toEqual({ errcode: 660026, errmsg: 'sending too many messages per minute' });
    expect(fake.outbox).toHaveLength(2);

    await sleep(120);
    expect((await send(fake.pushMessage({ sender: { staffId: 'other' } }).sessionWebhook, hello)).body).toMatchObject({ errcode: 0 });
    expect((await send(pushed.sessionWebhook, hello)).body).toMatchObject({ errcode: 300001 });
  });

  it('expires every existing webhook on demand', async () => {
    const fake = await startFake();
    const pushed = fake.pushMessage();
    fake.expireWebhooks();
    const res = await request(pushed.sessionWebhook, { body: { msgtype: 'text', text: { content: 'late' } } });
    expect(res.body).toMatchObject({ errcode: 300001 });
    expect(fake.outbox).toHaveLength(0);
  });
});

describe('access tokens', () => {
  it('issues one token pool from both endpoints and rejects bad credentials in each shape', async () => {
    const fake = await startFake();
    const { clientId, clientSecret } = fake.app;

    const v1 = await request(`${fake.endpoints.api}/v1.0/oauth2/accessToken`, { body: { appKey: clientId, appSecret: clientSecret } });
    expect(v1).toMatchObject({ status: 200, body: { accessToken: expect.any(String), expireIn: 7200 } });
    const legacy = await request(`${fake.endpoints.oapi}/gettoken?appkey=${clientId}&appsecret=${clientSecret}`);
    expect(legacy).toMatchObject({ status: 200, body: { errcode: 0, access_token: v1.body.accessToken, errmsg: 'ok', expires_in: expect.any(Number) } });

    const badV1 = await request(`${fake.endpoints.api}/v1.0/oauth2/accessToken`, { body: { appKey: clientId, appSecret: 'x' } });
    expect(badV1.status).toBe(400);
    expect(badV1.body).toEqual({ requestid: expect.any(String), code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
    const badLegacy = await request(`${fake.endpoints.oapi}/gettoken?appkey=${clientId}&appsecret=x`);
    expect(badLegacy).toEqual(expect.objectContaining({ status: 200, body: { errcode: 40096, errmsg: '不合法的appKey或appSecret' } }));
  });

  it('requires a valid token header on robot APIs and honours expiry and revocation', async () => {
    const fake = await startFake({ tokenTtlSeconds: 0.1 });
    const body = { robotCode: fake.app.clientId, openMsgId: 'msg1', openConversationId: 'cid1', emotionName: '👀' };

    const missing = await robotApi(fake, 'emotion/reply', undefined, body);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      requestid: expect.any(String),
      code: 'AuthenticationFailed.MissingParameter',
      message: '缺少参数：x-acs-dingtalk-access-token',
    });
    const invalid = await robotApi(fake, 'emotion/reply', 'forged', body);
    expect(invalid).toMatchObject({ status: 400, body: { code: 'InvalidAuthentication', message: '不合法的access_token' } });

    const expiring = await tokenFor(fake);
    expect((await robotApi(fake, 'emotion/reply', expiring, body)).status).toBe(200);
    await sleep(120);
    expect((await robotApi(fake, 'emotion/reply', expiring, body)).body).toMatchObject({ code: 'InvalidAuthentication' });

    const fresh = await tokenFor(fake);
    expect(fresh).not.toBe(expiring);
    fake.revokeTokens();
    expect((await robotApi(fake, 'emotion/reply', fresh, body)).body).toMatchObject({ code: 'InvalidAuthentication' });
  });
});

describe('robot Open APIs', () => {
  it('records batchSend and groupSend in the outbox', async () => {
    const fake = await startFake();
    const token = await tokenFor(fake);
    const robotCode = fake.app.clientId;
    fake.pushMessage({ sender: { staffId: 'alice' } });

    const dm = await robotApi(fake, 'oToMessages/batchSend', token, {
      robotCode,
      userIds: ['alice'],
      msgKey: 'sampleMarkdown',
      msgParam: JSON.stringify({ title: 't', text: '**md**' }),
    });
    expect(dm).toMatchObject({ status: 200, body: { processQueryKey: expect.any(String), invalidStaffIdList: [], flowControlledStaffIdList: [] } });
    const unknownDm = await robotApi(fake, 'oToMessages/batchSend', token, {
      robotCode,
      userIds: ['bob'],
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content: 'hello bob' }),
    });
    expect(unknownDm.status).toBe(200);
    const group = await robotApi(fake, 'groupMessages/send', token, {
      robotCode,
      openConversationId: 'cidGroup==',
      msgKey: 'sampleText',
      msgParam: JSON.stringify({ content: 'hello group' }),
    });
    expect(group.body).toEqual({ processQueryKey: expect.any(String) });

    expect(fake.outbox).toEqual([
      expect.objectContaining({ via: 'batchSend', conversationId: 'cid-dm-alice', conversationType: '1', userIds: ['alice'], msgtype: 'sampleMarkdown', title: 't', text: '**md**' }),
      expect.objectContaining({ via: 'batchSend', conversationId: 'dm:bob', userIds: ['bob'], msgtype: 'sampleText', text: 'hello bob' }),
      expect.objectContaining({ via: 'groupSend', conversationId: 'cidGroup==', conversationType: '2', msgtype: 'sampleText', text: 'hello group' }),
    ]);
  });

  it('rejects a wrong robotCode, an empty msgKey, a non-string msgParam and an oversized group msgParam', async () => {
    const fake = await startFake({ maxGroupMsgParamBytes: 100 });
    const token = await tokenFor(fake);
    const base = { robotCode: fake.app.clientId, userIds: ['alice'], msgKey: 'sampleText', msgParam: '{"content":"x"}' };

    const wrongRobot = await robotApi(fake, 'oToMessages/batchSend', token, { ...base, robotCode: 'other' });
    expect(wrongRobot).toMatchObject({ status: 400, body: { code: 'invalidParameter.robotCode', message: 'robotCode 不合法' } });
    const emptyKey = await robotApi(fake, 'oToMessages/batchSend', token, { ...base, msgKey: '' });
    expect(emptyKey).toMatchObject({ status: 400, body: { code: 'invalidParameter.msgKey.empty' } });
    const objectParam = await robotApi(fake, 'oToMessages/batchSend', token, { ...base, msgParam: { content: 'x' } });
    expect(objectParam).toMatchObject({ status: 400, body: { code: 'invalidParameter' } });
    const tooLong = await robotApi(fake, 'groupMessages/send', token, {
      ...base,
      openConversationId: 'cid1',
      msgParam: JSON.stringify({ content: 'y'.repeat(200) }),
    });
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'invalidParameter.msgParam.tooLong' } });
    expect(fake.outbox).toHaveLength(0);
  });

  it('answers 403 when the app lacks the send permission', async () => {
    const fake = await startFake({ apps: [{ clientId: 'dingnoperm', clientSecret: 's', permissions: [] }] });
    const token = await tokenFor(fake);
    const res = await robotApi(fake, 'groupMessages/send', token, {
      robotCode: 'dingnoperm',
      openConversationId: 'cid1',
      msgKey: 'sampleText',
      msgParam: '{"content":"x"}',
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      requestid: expect.any(String),
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      message: '应用尚未开通所需的权限：[qyapi_robot_sendmsg]',
    });
  });

  it('serves media through downloadCode and a file URL, chunked and slow on request', async () => {
    const fake = await startFake();
    const token = await tokenFor(fake);
    const robotCode = fake.app.clientId;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const download = async (downloadCode: string): Promise<string> => {
      const res = await robotApi(fake, 'messageFiles/download', token, { downloadCode, robotCode });
      expect(res.status).toBe(200);
      return String(res.body.downloadUrl);
    };

    const url = await download(fake.addMedia(png, 'image/png', { fileName: '截图.png' }));
    expect(url.startsWith(`${fake.baseUrl}/files/`)).toBe(true);
    const file = await fetch(url);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-length')).toBe(String(png.length));
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);

    const chunked = await fetch(await download(fake.addMedia(png, 'audio/amr', { chunked: true })));
    expect(chunked.headers.get('content-length')).toBeNull();
    expect(chunked.headers.get('transfer-encoding')).toBe('chunked');
    expect(Buffer.from(await chunked.arrayBuffer())).toEqual(png);

    const slowUrl = await download(fake.addMedia(png, 'video/mp4', { delayMs: 150 }));
    const started = Date.now();
    const slow = await fetch(slowUrl);
    const headersAfter = Date.now() - started;
    await slow.arrayBuffer();
    expect(headersAfter).toBeLessThan(120);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const unknown = await robotApi(fake, 'messageFiles/download', token, { downloadCode: 'nope', robotCode });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'invalidParameter.downloadCode' } });
    expect((await fetch(`${fake.baseUrl}/files/nope`)).status).toBe(404);
  });

  it('records emotion reply and recall', async () => {
    const fake = await startFake();
    const token = await tokenFor(fake);
    const body = {
      robotCode: fake.app.clientId,
      openMsgId: 'msgA',
      openConversationId: 'cidA',
      emotionType: 2,
      emotionName: '👀',
      textEmotion: { emotionId: '2659900', emotionName: '👀', text: '👀', backgroundId: 'im_bg_1' },
    };
    expect((await robotApi(fake, 'emotion/reply', token, body)).body).toEqual({ success: true });
    expect((await robotApi(fake, 'emotion/recall', token, body)).body).toEqual({ success: true });
    const missing = await robotApi(fake, 'emotion/reply', token, { ...body, openMsgId: undefined });
    expect(missing).toMatchObject({ status: 400, body: { code: 'invalidParameter' } });
    expect(fake.reactions).toEqual([
      expect.objectContaining({ action: 'reply', openMsgId: 'msgA', openConversationId: 'cidA', emotionName: '👀' }),
      expect.objectContaining({ action: 'recall', openMsgId: 'msgA', openConversationId: 'cidA', emotionName: '👀' }),
    ]);
  });

  it('answers unknown routes with 404', async () => {
    const fake = await startFake();
    const res = await request(`${fake.baseUrl}/v1.0/nothing/here`);
    expect(res).toMatchObject({ status: 404, body: { code: 'NotFound' } });
  });
});

describe('faults, waiting and shutdown', () => {
  it('answers with an injected status a limited number of times, and records every request', async () => {
    const fake = await startFake();
    const url = `${fake.endpoints.api}/v1.0/oauth2/accessToken`;
    const body = { appKey: fake.app.clientId, appSecret: fake.app.clientSecret };
    fake.faults.add({ method: 'POST', path: '/v1.0/oauth2/*', status: 503, times: 2 });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(url, { body })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(fake.requests.filter((r) => r.path === '/v1.0/oauth2/accessToken')).toHaveLength(3);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', body, headers: { 'content-type': 'application/json' } });

    fake.faults.add({ path: '/robot/sendBySession', body: { errcode: 660026, errmsg: 'sending too many messages per minute' } });
    const pushed = fake.pushMessage();
    const throttled = await request(pushed.sessionWebhook, { body: { msgtype: 'text', text: { content: 'x' } } });
    expect(throttled).toMatchObject({ status: 200, body: { errcode: 660026 } });
    fake.faults.clear();

    fake.faults.add({ path: '/connect', status: 500 });
    const { endpoint, ticket } = await openTicket(fake);
    expect(await upgradeStatus(`${endpoint}?ticket=${ticket}`)).toBe(500);
    fake.faults.clear();

    fake.faults.add({ path: GATEWAY_PATH, status: 500, until: Date.now() - 1 });
    const delayId = fake.faults.add({ path: GATEWAY_PATH, delayMs: 120 });
    const started = Date.now();
    await openTicket(fake);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(fake.faults.remove(delayId)).toBe(true);
  });

  it('carries out a request whose answer a fault holds back, and answers it once the fault lets go', async () => {
    const fake = await startFake();
    let release = (): void => undefined;
    const answerAfter = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.faults.add({ path: '/robot/sendBySession', answerAfter, times: 1 });
    const pushed = fake.pushMessage();
    let answered = false;
    const sending = request(pushed.sessionWebhook, { body: { msgtype: 'text', text: { content: 'held' } } }).finally(() => (answered = true));
    expect((await fake.waitFor(() => fake.outbox[0], { what: 'the reply' })).text).toBe('held');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    expect(await sending).toMatchObject({ status: 200, body: { errcode: 0 } });
  });

  it('carries out a request a fault answers with an error, when told to: done, yet said to have failed', async () => {
    const fake = await startFake();
    fake.faults.add({ path: '/robot/sendBySession', status: 500, carriedOut: true, times: 1 });
    const pushed = fake.pushMessage();
    expect(await request(pushed.sessionWebhook, { body: { msgtype: 'text', text: { content: 'sent anyway' } } })).toMatchObject({ status: 500 });
    expect(fake.outbox.map((sent) => sent.text)).toEqual(['sent anyway']);
  });

  it('waitFor resolves on the change that satisfies it, polls for outside state, and names what it waited for on timeout', async () => {
    const fake = await startFake();
    const changes: string[] = [];
    fake.on('change', (kind: string) => changes.push(kind));

    const waiting = fake.waitFor(() => fake.outbox[0], { what: 'a reply' });
    const pushed = fake.pushMessage();
    await request(pushed.sessionWebhook, { body: { msgtype: 'text', text: { content: 'done' } } });
    expect((await waiting).text).toBe('done');
    expect(changes).toContain('requests');
    expect(changes).toContain('outbox');

    let outside = false;
    setTimeout(() => (outside = true), 30);
    expect(await fake.waitFor(() => outside, { what: 'state outside the fake' })).toBe(true);

    await expect(fake.waitFor(() => fake.acks[0], { timeoutMs: 50, what: 'an ACK that never comes' })).rejects.toThrow(
      /an ACK that never comes/,
    );
  });

  it('stops every socket and timer, and fails pending waits', async () => {
    const fake = await startFake({ pingIntervalMs: 10, redeliveryDelayMs: 20 });
    const client = await RawClient.open(fake);
    fake.pushMessage();
    fake.disconnect(undefined, { closeAfterMs: 1000 });
    await client.waitFrame((f) => f.headers.topic === 'disconnect');
    const pending = expect(fake.waitFor(() => fake.acks[0], { what: 'never' })).rejects.toThrow(/stopped/);

    await fake.stop();
    await pending;
    expect(await client.closed()).not.toBe(1000);
    expect(fake.connections().map((c) => c.state)).toEqual(['closed']);

    const counts = [fake.pings.length, fake.deliveries.length];
    await sleep(60);
    expect([fake.pings.length, fake.deliveries.length]).toEqual(counts);
    await expect(fetch(`${fake.baseUrl}/gettoken`)).rejects.toThrow();
  });
});
