import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiRateLimiter } from './api-gate.js';
import { CARD_CALLBACK_TOPIC, cardCallbackData, cardParamsOfAnswer } from './card-callback.js';
import { CARD_INSTANCE_PERMISSION, CARD_STREAMING_PERMISSION } from './card-routes.js';
import { CardStore } from './card-store.js';
import { FaultInjector, type MatchedFault } from './faults.js';
import {
  lowerCaseHeaders,
  parseBody,
  queryOf,
  readBody,
  rejectUpgrade,
  requestId,
  sendApiError,
  sendJson,
  sendRaw,
} from './http-util.js';
import { MediaStore } from './media-store.js';
import { Recorder, type WaitOptions } from './recorder.js';
import type { RestContext, RouteRequest } from './rest-context.js';
import { handleRest } from './rest-routes.js';
import { SEND_PERMISSION } from './robot-api-routes.js';
import {
  buildRobotMessage,
  chatbotUserIdFor,
  DEFAULT_STAFF_ID,
  SIMULATED_CORP_ID,
  newMsgId,
  resolveConversation,
  ROBOT_TOPIC,
} from './robot-message.js';
import { Scheduler } from './scheduler.js';
import { SessionWebhooks } from './session-webhooks.js';
import { StreamHub } from './stream-hub.js';
import { TokenStore } from './token-store.js';
import { bodyCapFor, MEDIA_PERMISSION } from './upload-route.js';
import { UploadStore, type StoredUpload } from './uploads.js';
import type {
  Ack,
  CardCallbackRecord,
  CardRecord,
  ClickCardInput,
  ClientFrame,
  Delivery,
  SimulatedApp,
  SimulatedConnectionInfo,
  DingTalkSimulatorOptions,
  PingRecord,
  PushedMessage,
  PushMessageInput,
  ReactionRecord,
  RecordedRequest,
  ResolvedApp,
  ResolvedOptions,
  SentMessage,
  UploadRecord,
} from './types.js';

export const SIMULATED_APP: Readonly<SimulatedApp> = Object.freeze({ clientId: 'dingsimulatorappkey', clientSecret: 'simulator-app-secret' });
export const GATEWAY_PATH = '/v1.0/gateway/connections/open';

const DEFAULTS: Omit<ResolvedOptions, 'apps'> = {
  host: '127.0.0.1',
  port: 0,
  ticketTtlMs: 90_000,
  redeliveryDelayMs: 60_000,
  pingIntervalMs: 30_000,
  disconnectGraceMs: 10_000,
  tokenTtlSeconds: 7200,
  webhookTtlMs: 5_400_000,
  webhookRateLimitPerMinute: 20,
  maxWebhookBodyBytes: 20_000,
  maxGroupMsgParamBytes: 15_000,
  unpublishedTemplates: [],
  apiQps: undefined,
  apiQpsAnswer: 403,
};

/** What an app gets without a `permissions` list: enough for the built-in simulator channel to send, show cards and files. */
const DEFAULT_PERMISSIONS = [SEND_PERMISSION, CARD_INSTANCE_PERMISSION, CARD_STREAMING_PERMISSION, MEDIA_PERMISSION];

function resolveOptions(options: DingTalkSimulatorOptions): ResolvedOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const apps = (options.apps ?? [SIMULATED_APP]).map(
    (app): ResolvedApp => ({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      robotCode: app.robotCode ?? app.clientId,
      permissions: [...(app.permissions ?? DEFAULT_PERMISSIONS)],
      appId: randomUUID(),
      chatbotUserId: chatbotUserIdFor(app.clientId),
    }),
  );
  if (apps.length === 0) throw new Error('DingTalkSimulator needs at least one app');
  return { ...DEFAULTS, ...given, apps };
}

function publicApp(app: ResolvedApp): SimulatedApp {
  return { clientId: app.clientId, clientSecret: app.clientSecret, robotCode: app.robotCode, permissions: [...app.permissions] };
}

/**
 * A local DingTalk: the Stream gateway and WebSocket, the api and oapi REST hosts, session webhooks and
 * media downloads, on one HTTP server. Plain Node, so it can also run inside the app as a simulator.
 * Emits 'change' (kind, record) whenever something is recorded or a connection changes state.
 */
export class DingTalkSimulator extends EventEmitter {
  readonly faults = new FaultInjector();

  private readonly options: ResolvedOptions;
  private readonly scheduler = new Scheduler();
  private readonly recorder: Recorder;
  private readonly hub: StreamHub;
  private readonly tokens: TokenStore;
  private readonly sessions = new SessionWebhooks();
  private readonly media = new MediaStore();
  private readonly uploadStore = new UploadStore();
  private readonly dmConversations = new Map<string, string>();
  private readonly groupConversations = new Set<string>();
  private readonly cardStore: CardStore;
  private readonly server: Server;
  /** Sockets between the upgrade request and the hub taking them over; the HTTP server no longer tracks them. */
  private readonly upgrading = new Set<Duplex>();
  private readonly context: RestContext;
  private port: number | undefined;
  private gatewayCallCount = 0;
  private stopped = false;

  constructor(options: DingTalkSimulatorOptions = {}) {
    super();
    this.options = resolveOptions(options);
    this.recorder = new Recorder((kind, record) => this.emit('change', kind, record));
    this.hub = new StreamHub(this.options, this.scheduler, this.recorder);
    this.tokens = new TokenStore(this.options.tokenTtlSeconds);
    this.cardStore = new CardStore(this.recorder);
    this.context = {
      options: this.options,
      tokens: this.tokens,
      sessions: this.sessions,
      media: this.media,
      uploads: this.uploadStore,
      hub: this.hub,
      recorder: this.recorder,
      scheduler: this.scheduler,
      cards: this.cardStore,
      rateLimiter: new ApiRateLimiter(this.options.apiQps),
      baseUrl: () => this.baseUrl,
      wsEndpoint: () => `ws://${this.options.host}:${this.listeningPort()}/connect`,
      findApp: (clientId, secret) =>
        this.options.apps.find((app) => app.clientId === clientId && app.clientSecret === secret),
      appByClientId: (clientId) => this.options.apps.find((app) => app.clientId === clientId),
      dmConversationOf: (staffId) => this.dmConversations.get(staffId),
      isKnownGroup: (conversationId) => this.groupConversations.has(conversationId),
    };
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onUpgrade(req, socket, head));
  }

  async start(): Promise<void> {
    if (this.stopped) throw new Error('DingTalkSimulator cannot be restarted; create a new one');
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.scheduler.clearAll();
    this.recorder.failWaiters('DingTalkSimulator stopped');
    for (const socket of this.upgrading) socket.destroy();
    await this.hub.close();
    if (this.port === undefined) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get baseUrl(): string {
    return `http://${this.options.host}:${this.listeningPort()}`;
  }

  get endpoints(): { api: string; oapi: string } {
    return { api: this.baseUrl, oapi: this.baseUrl };
  }

  get app(): SimulatedApp {
    return publicApp(this.firstApp);
  }

  get apps(): SimulatedApp[] {
    return this.options.apps.map(publicApp);
  }

  /** The first app's bot user id, as it appears in chatbotUserId and atUsers. */
  get chatbotUserId(): string {
    return this.firstApp.chatbotUserId;
  }

  get corpId(): string {
    return SIMULATED_CORP_ID;
  }

  get requests(): RecordedRequest[] {
    return this.recorder.records.requests;
  }

  get deliveries(): Delivery[] {
    return this.recorder.records.deliveries;
  }

  get acks(): Ack[] {
    return this.recorder.records.acks;
  }

  get pings(): PingRecord[] {
    return this.recorder.records.pings;
  }

  get outbox(): SentMessage[] {
    return this.recorder.records.outbox;
  }

  get reactions(): ReactionRecord[] {
    return this.recorder.records.reactions;
  }

  get clientFrames(): ClientFrame[] {
    return this.recorder.records.clientFrames;
  }

  /** Every AI card delivered, kept current as it is streamed to and updated. */
  get cards(): CardRecord[] {
    return this.recorder.records.cards;
  }

  get cardCallbacks(): CardCallbackRecord[] {
    return this.recorder.records.cardCallbacks;
  }

  /** Every `media/upload` call, refused ones included. */
  get uploads(): UploadRecord[] {
    return this.recorder.records.uploads;
  }

  get gatewayCalls(): number {
    return this.gatewayCallCount;
  }

  get dropAcks(): boolean {
    return this.hub.dropAcks;
  }

  set dropAcks(value: boolean) {
    this.hub.dropAcks = value;
  }

  connections(clientId?: string): SimulatedConnectionInfo[] {
    return this.hub.connections(clientId);
  }

  pushMessage(input: PushMessageInput = {}): PushedMessage {
    return this.pushMessages([input])[0] as PushedMessage;
  }

  /**
   * Pushes several messages back to back, as a gateway flushing its queue does: every message is built
   * first, so the frames leave together and a client's ACKs are not held up by the building of the next.
   */
  pushMessages(inputs: PushMessageInput[]): PushedMessage[] {
    const prepared = inputs.map((input) => this.prepareMessage(input));
    return this.hub.batch(() =>
      prepared.map(({ app, input, pushed }) => ({
        ...pushed,
        messageId: this.hub.push(app, ROBOT_TOPIC, JSON.stringify(pushed.data), pushed.msgId, input.connectionId),
      })),
    );
  }

  /** Sends text as-is to the given open connection, or to a random live one. */
  pushRawFrame(raw: string, connectionId?: string): void {
    this.hub.pushRaw(raw, connectionId);
  }

  /**
   * A viewer clicks a card's button: a CALLBACK on the card topic to a connection of the card's app. Throws
   * when no connection subscribed to that topic: a test clicking there has a client that would never hear it.
   */
  clickCard(input: ClickCardInput): { messageId: string } {
    const card = this.cardStore.clickable(input.outTrackId, input.clientId);
    const app = this.appFor(card.clientId);
    if (input.connectionId === undefined && !this.hub.hasSubscriber(app, CARD_CALLBACK_TOPIC)) {
      throw new Error(`no live ${app.clientId} connection subscribed to ${CARD_CALLBACK_TOPIC}: nobody would get the click`);
    }
    const data = cardCallbackData(card, input);
    const messageId = this.hub.push(app, CARD_CALLBACK_TOPIC, data, newMsgId(), input.connectionId, (ackedId, response) =>
      this.onCardCallbackAnswered(ackedId, response),
    );
    this.recorder.add('cardCallbacks', {
      messageId,
      outTrackId: card.outTrackId,
      clientId: card.clientId,
      userId: input.userId,
      actionId: input.actionId,
      data,
      at: Date.now(),
    });
    return { messageId };
  }

  redeliver(messageId: string): void {
    this.hub.redeliver(messageId);
  }

  /** Without a connectionId: every live or zombie connection. */
  disconnect(connectionId?: string, opts: { closeAfterMs?: number } = {}): void {
    this.hub.disconnect(connectionId, opts.closeAfterMs ?? this.options.disconnectGraceMs);
  }

  /** Without a connectionId: every open connection. */
  terminate(connectionId?: string): void {
    this.hub.terminate(connectionId);
  }

  /** Without a connectionId: every live connection. */
  zombify(connectionId?: string, opts: { answerPings?: boolean } = {}): void {
    this.hub.zombify(connectionId, opts.answerPings ?? false);
  }

  expireWebhooks(): void {
    this.sessions.expireAll();
  }

  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  addMedia(bytes: Buffer, mimeType: string, opts: { fileName?: string; chunked?: boolean; delayMs?: number } = {}): string {
    return this.media.add({
      bytes,
      mimeType,
      ...(opts.fileName === undefined ? {} : { fileName: opts.fileName }),
      chunked: opts.chunked ?? false,
      delayMs: opts.delayMs ?? 0,
    });
  }

  /** What an app uploaded under this media id. */
  uploadedFile(mediaId: string): StoredUpload | undefined {
    return this.uploadStore.get(mediaId);
  }

  /**
   * The next `times` uploads fail with DingTalk's errcode -1 "system busy", whatever they hold: with HTTP 200 as the
   * oapi host answers, or with `status` for a failing gateway. They are recorded in `uploads` as `injected`.
   */
  failUploads(times: number, status = 200): void {
    this.uploadStore.failNext(times, status);
  }

  waitFor<T>(probe: () => T | undefined | false, opts?: WaitOptions): Promise<T> {
    return this.recorder.waitFor(probe, opts);
  }

  private prepareMessage(input: PushMessageInput): { app: ResolvedApp; input: PushMessageInput; pushed: Omit<PushedMessage, 'messageId'> } {
    const app = this.appFor(input.clientId);
    const conversation = resolveConversation(input);
    const createAt = Date.now();
    const session = this.sessions.create(
      app.clientId,
      conversation.id,
      conversation.type,
      createAt + this.options.webhookTtlMs,
    );
    const sessionWebhook = `${this.baseUrl}/robot/sendBySession?session=${session}`;
    const data = buildRobotMessage(input, {
      app,
      conversation,
      msgId: newMsgId(),
      sessionWebhook,
      createAt,
      webhookTtlMs: this.options.webhookTtlMs,
    });
    if (conversation.type === '1') this.dmConversations.set(input.sender?.staffId ?? DEFAULT_STAFF_ID, conversation.id);
    else this.groupConversations.add(conversation.id);
    return { app, input, pushed: { msgId: String(data.msgId), conversationId: conversation.id, data, sessionWebhook } };
  }

  /** The real server applies the card values a callback's answer carries at once. */
  private onCardCallbackAnswered(messageId: string, response: unknown): void {
    const callback = this.cardCallbacks.find((candidate) => candidate.messageId === messageId);
    if (!callback) return;
    callback.response = response;
    callback.answeredAt = Date.now();
    const card = this.cardStore.find(callback.clientId, callback.outTrackId);
    const params = cardParamsOfAnswer(response);
    if (card && params) this.cardStore.updateData(card, params);
    this.recorder.changed('cardCallbacks', callback);
  }

  private get firstApp(): ResolvedApp {
    const app = this.options.apps[0];
    if (!app) throw new Error('DingTalkSimulator has no app');
    return app;
  }

  private appFor(clientId: string | undefined): ResolvedApp {
    if (clientId === undefined) return this.firstApp;
    const app = this.options.apps.find((candidate) => candidate.clientId === clientId);
    if (!app) throw new Error(`unknown app ${clientId}`);
    return app;
  }

  private listeningPort(): number {
    if (this.port === undefined) throw new Error('DingTalkSimulator is not started');
    return this.port;
  }

  private record(request: Omit<RecordedRequest, 'at'>): void {
    if (request.path === GATEWAY_PATH) this.gatewayCallCount++;
    this.recorder.add('requests', { ...request, at: Date.now() });
  }

  private async takeFault(method: string, path: string): Promise<MatchedFault | undefined> {
    const fault = this.faults.take(method, path);
    if (fault && fault.delayMs > 0) await this.scheduler.sleep(fault.delayMs);
    return fault;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const { bytes: rawBody, cut } = await readBody(req, bodyCapFor(url.pathname));
      const headers = lowerCaseHeaders(req);
      // A file's bytes as text would only bloat the record; what was uploaded is in `uploads`.
      const multipart = headers['content-type']?.toLowerCase().startsWith('multipart/') ?? false;
      const request: RouteRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: queryOf(url),
        headers,
        body: multipart ? undefined : parseBody(rawBody),
        rawBody,
        bodyCut: cut,
      };
      const { rawBody: _raw, bodyCut: _cut, ...recorded } = request;
      this.record(recorded);
      const fault = await this.takeFault(request.method, request.path);
      if (fault?.answerAfter) answerOnceSettled(res, fault.answerAfter);
      if (fault?.status !== undefined) {
        // Its own answer goes nowhere: the client hears only of the fault.
        if (fault.carriedOut) await handleRest(this.context, request, new ServerResponse(req));
        return sendFault(res, fault.status, fault.body);
      }
      await handleRest(this.context, request, res);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else sendApiError(res, 500, 'InternalError', error instanceof Error ? error.message : String(error));
    }
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    this.upgrading.add(socket);
    // A client that resets mid-handshake must not take the process down with an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    try {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      this.record({ method: req.method ?? 'GET', path: url.pathname, query: queryOf(url), headers: lowerCaseHeaders(req), body: undefined });
      const fault = await this.takeFault(req.method ?? 'GET', url.pathname);
      if (fault?.status !== undefined) {
        rejectUpgrade(socket, fault.status, fault.body === undefined || typeof fault.body === 'string' ? (fault.body ?? '') : JSON.stringify(fault.body));
      } else if (url.pathname !== '/connect') {
        rejectUpgrade(socket, 404, 'not found');
      } else {
        this.hub.handleUpgrade(req, socket, head, url);
      }
    } finally {
      this.upgrading.delete(socket);
    }
  }
}

/** Holds back the end of `res` (and so its headers, which Node sends with the body) until `after` settles. */
function answerOnceSettled(res: ServerResponse, after: Promise<unknown>): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    void after.finally(() => end(...args));
    return res;
  }) as ServerResponse['end'];
}

function sendFault(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) sendJson(res, status, { requestid: requestId(), code: 'InjectedFault', message: `injected ${status}` });
  else if (typeof body === 'string') sendRaw(res, status, body);
  else sendJson(res, status, body);
}
