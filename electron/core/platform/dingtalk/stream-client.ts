import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import WebSocket from 'ws';
import { z } from 'zod';
import type { BotCredentials } from './credentials.js';
import { gatewayUrl, type Endpoints } from './endpoints.js';
import { requestJsonOk } from './http.js';
import { streamAgent } from './stream-agent.js';
import { DingTalkError } from './errors.js';
import type { AccessTokenCache } from './token-cache.js';
import type { ProxyRules } from './proxy-rules.js';
import { CARD_TOPIC, ROBOT_TOPIC, StreamFrameSchema, salvageMessageId, type StreamFrame } from './stream-frame.js';

const GatewayAnswer = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) });

export interface StreamClientHooks {
  /**
   * Called before the frame is ACKed: it writes the message down where a crash cannot take it, and leaves the
   * work for later, so the ACK still goes out within a millisecond or two.
   */
  robotFrame(frame: StreamFrame): void;
  /** A click on a card's button. */
  cardFrame(frame: StreamFrame): void;
  anyFrame(): void;
  serverDisconnect(reason: string): void;
  pong(): void;
  closed(code: number): void;
  malformedFrame(reason: string, messageId: string | undefined): void;
}

export interface StreamClientOptions {
  credentials: Pick<BotCredentials, 'clientId' | 'clientSecret'>;
  endpoints: Endpoints;
  tokens: AccessTokenCache;
  /** Picks the proxy for the ticket request and the socket. */
  proxy: ProxyRules;
  hooks: StreamClientHooks;
}

/** The fields of DWClient that its typings mark private but that a client owning its own socket must reach. */
interface DWClientInternals {
  socket?: WebSocket;
  dw_url?: string;
  userDisconnect: boolean;
}

/**
 * One DingTalk Stream connection, used once: the SDK's frame handling and ping echo, with our gateway call and
 * socket (so `endpoints` and the proxy are honoured, which the SDK's own cannot be told of, and errors say why), an ACK as soon as a message is written down, and no reconnect of
 * its own.
 */
export class StreamClient extends DWClient {
  readonly #options: StreamClientOptions;
  #released = false;
  /** Set when DingTalk sent `disconnect`, even before anyone was listening for it. */
  leaveReason: string | undefined;

  constructor(options: StreamClientOptions) {
    super({ clientId: options.credentials.clientId, clientSecret: options.credentials.clientSecret, ua: 'dingbridge' });
    this.#options = options;
    this.config.autoReconnect = false;
    // The SDK's default subscriptions array is one module-level object mutated by every client: use our own.
    this.config.subscriptions = [
      { type: 'EVENT', topic: '*' },
      { type: 'CALLBACK', topic: ROBOT_TOPIC },
      { type: 'CALLBACK', topic: CARD_TOPIC },
    ];
  }

  get #internals(): DWClientInternals {
    return this as unknown as DWClientInternals;
  }

  /** Asks the gateway for a ticket and opens the socket; rejects with a DingTalkError that says why not. */
  async open(signal: AbortSignal): Promise<void> {
    await this.requestTicket(signal);
    // The try may have been given up while the ticket was on its way: a socket opened now would have no owner.
    signal.throwIfAborted();
    await this._connect().catch((error: unknown) => {
      if (error instanceof DingTalkError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new DingTalkError(`DingTalk refused the stream connection: ${detail}.`, { kind: 'network', problem: { code: 'stream-refused', detail } });
    });
    const socket = this.#internals.socket;
    if (!socket) throw new DingTalkError('The stream socket vanished while opening.', { kind: 'network', problem: { code: 'socket-vanished' } });
    socket.on('close', (code) => this.#notify((hooks) => hooks.closed(code)));
    socket.on('pong', () => this.#notify((hooks) => hooks.pong()));
  }

  /**
   * Opens the socket as the SDK does, without the SDK's console lines (this app logs through its own logger)
   * and without its heartbeat (the connection manager checks the connection's health itself).
   */
  override _connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const url = this.#internals.dw_url;
      if (!url) {
        reject(new Error('there is no ticket to connect with'));
        return;
      }
      this.#internals.userDisconnect = false;
      const socket = new WebSocket(url, { agent: streamAgent(url, this.#options.proxy) });
      this.#internals.socket = socket;
      socket.once('open', () => {
        this.connected = true;
        resolve();
      });
      socket.on('message', (data) => this.onDownStream(String(data)));
      socket.on('close', () => {
        this.connected = false;
      });
      socket.on('error', (error) => {
        socket.terminate();
        reject(error);
      });
    });
  }

  override async getEndpoint(): Promise<this> {
    await this.requestTicket();
    return this;
  }

  async requestTicket(signal?: AbortSignal): Promise<void> {
    const answer = await requestJsonOk(gatewayUrl(this.#options.endpoints), {
      proxy: this.#options.proxy,
      body: {
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      },
      what: 'the stream connection request',
      signal,
    });
    const parsed = GatewayAnswer.safeParse(answer);
    if (!parsed.success) {
      throw new DingTalkError('DingTalk answered the stream connection request without an endpoint and ticket.', {
        kind: 'server',
        problem: { code: 'no-ticket' },
      });
    }
    const { endpoint, ticket } = parsed.data;
    const separator = endpoint.includes('?') ? '&' : '?';
    this.#internals.dw_url = `${endpoint}${separator}ticket=${encodeURIComponent(ticket)}`;
  }

  override async getAccessToken(): Promise<string> {
    const token = await this.#options.tokens.get();
    this.config.access_token = token;
    return token;
  }

  override onDownStream(data: string): void {
    this.#notify((hooks) => hooks.anyFrame());
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      this.#notify((hooks) => hooks.malformedFrame('the frame is not JSON', undefined));
      return;
    }
    const messageId = salvageMessageId(raw);
    const parsed = StreamFrameSchema.safeParse(raw);
    if (!parsed.success) {
      // ACKed all the same: a frame DingTalk keeps sending again would only fail again.
      if (messageId) this.ack(messageId);
      const field = parsed.error.issues[0]?.path.join('.');
      const reason = field ? `the frame has no usable ${field}` : 'the frame is not a JSON object';
      this.#notify((hooks) => hooks.malformedFrame(reason, messageId));
      return;
    }
    const frame = parsed.data;
    try {
      switch (frame.type) {
        case 'SYSTEM':
          this.onSystem(frame as unknown as DWClientDownStream);
          break;
        case 'EVENT':
          this.onEvent(frame as unknown as DWClientDownStream);
          break;
        case 'CALLBACK':
          this.#onCallbackFrame(frame);
          break;
        default:
          this.ack(frame.headers.messageId);
          this.#notify((hooks) => hooks.malformedFrame(`unknown frame type ${quoted(frame.type)}`, frame.headers.messageId));
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.#notify((hooks) => hooks.malformedFrame(`handling the frame failed: ${detail}`, frame.headers.messageId));
    }
  }

  override onSystem(frame: DWClientDownStream): void {
    super.onSystem(frame);
    if (frame.headers.topic === 'disconnect') {
      const reason = readReason(frame.data) ?? 'no reason given';
      this.leaveReason = reason;
      this.#notify((hooks) => hooks.serverDisconnect(reason));
    }
  }

  /**
   * ACKed at once, since a late ACK makes DingTalk deliver it again a minute later; but a robot message only once
   * it is written down, as after the ACK DingTalk never sends it again. Also when taking it failed.
   */
  #onCallbackFrame(frame: StreamFrame): void {
    try {
      if (frame.headers.topic === ROBOT_TOPIC) this.#options.hooks.robotFrame(frame);
      else if (frame.headers.topic === CARD_TOPIC) this.#options.hooks.cardFrame(frame);
    } finally {
      this.ack(frame.headers.messageId);
    }
  }

  ack(messageId: string): void {
    this.send(messageId, { status: 'SUCCESS', message: 'ok' });
  }

  get isOpen(): boolean {
    const socket = this.#internals.socket;
    return socket !== undefined && socket.readyState === socket.OPEN;
  }

  ping(): void {
    const socket = this.#internals.socket;
    if (socket && socket.readyState === socket.OPEN) socket.ping();
  }

  /**
   * Closes politely, then for sure: a zombie server never finishes the close handshake. After this no
   * lifecycle hook fires again; robot frames still arriving were ACKed and are still handed on.
   */
  release(graceMs: number): Promise<void> {
    this.#released = true;
    this.#internals.userDisconnect = true;
    const socket = this.#internals.socket;
    if (!socket || socket.readyState === socket.CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    if (socket.readyState !== socket.OPEN || graceMs <= 0) {
      socket.terminate();
      return closed;
    }
    const force = setTimeout(() => socket.terminate(), graceMs);
    void closed.then(() => clearTimeout(force));
    socket.close(1000, 'client closing');
    return closed;
  }

  /** Lifecycle news from a released client is stale and must not steer the connection manager. */
  #notify(call: (hooks: StreamClientHooks) => void): void {
    if (this.#released) return;
    call(this.#options.hooks);
  }
}

/** A value from the wire as it goes into a log line: control characters escaped, and short whatever was sent. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function readReason(data: string | undefined): string | undefined {
  if (!data) return undefined;
  try {
    const reason = (JSON.parse(data) as { reason?: unknown }).reason;
    return typeof reason === 'string' ? reason : undefined;
  } catch {
    return undefined;
  }
}
