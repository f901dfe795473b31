import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isRecord, randomHex, rejectUpgrade } from './http-util.js';
import type { Recorder } from './recorder.js';
import type { Scheduler } from './scheduler.js';
import type {
  ConnectionState,
  SimulatedConnectionInfo,
  PingRecord,
  ResolvedApp,
  ResolvedOptions,
  Subscription,
} from './types.js';

interface Ticket {
  app: ResolvedApp;
  subscriptions: Subscription[];
  expiresAt: number;
}

interface Connection {
  id: string;
  app: ResolvedApp;
  ws: WebSocket;
  /** The socket under `ws`, corked while a batch of frames is written. */
  socket: Duplex;
  state: ConnectionState;
  openedAt: number;
  closedAt?: number;
  subscriptions: Subscription[];
  answerPings: boolean;
  pingTimer?: NodeJS.Timeout;
  closeTimer?: NodeJS.Timeout;
}

interface StreamMessage {
  messageId: string;
  msgId: string;
  app: ResolvedApp;
  topic: string;
  data: string;
  /** Kept from the first push: a redelivery is the identical frame, not a new one. */
  time: string;
  attempts: number;
  lastDeliveryAt: number;
  acked: boolean;
  queued: boolean;
  redeliveryTimer?: NodeJS.Timeout;
  /** Called with the first ACK that stops redelivery, and that ACK's `data`. */
  onAck?: (messageId: string, data: unknown) => void;
}

type FrameType = 'CALLBACK' | 'SYSTEM';

/** Shaped like the real ids, e.g. `212b9d7c_165f_19bfa1a500a_1461def`. */
function newMessageId(): string {
  return `${randomHex(4)}_${randomHex(2)}_${Date.now().toString(16)}_${randomHex(4).slice(1)}`;
}

function frame(type: FrameType, appId: string, connectionId: string, messageId: string, time: string, topic: string, data: string): string {
  return JSON.stringify({
    specVersion: '1.0',
    type,
    headers: { appId, connectionId, contentType: 'application/json', messageId, time, topic },
    data,
  });
}

function echoesOpaque(data: unknown, opaque: string): boolean {
  if (typeof data !== 'string') return isRecord(data) && data.opaque === opaque;
  try {
    const parsed: unknown = JSON.parse(data);
    if (isRecord(parsed)) return parsed.opaque === opaque;
  } catch {
    // Not JSON: fall back to looking for the opaque in the text.
  }
  return data.includes(opaque);
}

/** The Stream gateway side: tickets, sockets, CALLBACK delivery with ACK tracking and redelivery, SYSTEM pings. */
export class StreamHub {
  dropAcks = false;

  private closing = false;

  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly tickets = new Map<string, Ticket>();
  private readonly conns = new Map<string, Connection>();
  private readonly messages = new Map<string, StreamMessage>();
  private readonly pendingPings = new Map<string, PingRecord>();

  constructor(
    private readonly options: ResolvedOptions,
    private readonly scheduler: Scheduler,
    private readonly recorder: Recorder,
  ) {}

  issueTicket(app: ResolvedApp, subscriptions: Subscription[]): string {
    const now = Date.now();
    for (const [id, ticket] of this.tickets) if (ticket.expiresAt <= now) this.tickets.delete(id);
    const id = randomUUID();
    this.tickets.set(id, { app, subscriptions, expiresAt: now + this.options.ticketTtlMs });
    return id;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const id = url.searchParams.get('ticket') ?? '';
    const ticket = this.tickets.get(id);
    this.tickets.delete(id);
    if (this.closing) {
      rejectUpgrade(socket, 503, 'shutting down');
      return;
    }
    if (!ticket || ticket.expiresAt <= Date.now()) {
      rejectUpgrade(socket, 401, 'invalid ticket');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, ticket));
  }

  /** Whether a live connection of the app would take a push on this topic now. */
  hasSubscriber(app: ResolvedApp, topic: string): boolean {
    return [...this.conns.values()].some((conn) => this.canReceive(conn, app, topic));
  }

  connections(clientId?: string): SimulatedConnectionInfo[] {
    return [...this.conns.values()]
      .filter((conn) => clientId === undefined || conn.app.clientId === clientId)
      .map((conn) => ({
        id: conn.id,
        clientId: conn.app.clientId,
        state: conn.state,
        openedAt: conn.openedAt,
        ...(conn.closedAt === undefined ? {} : { closedAt: conn.closedAt }),
        subscriptions: conn.subscriptions.map((sub) => ({ ...sub })),
      }));
  }

  /** Delivers a CALLBACK now, or queues it until a subscribed connection is live. Returns its messageId. */
  push(
    app: ResolvedApp,
    topic: string,
    data: string,
    msgId: string,
    connectionId?: string,
    onAck?: (messageId: string, data: unknown) => void,
  ): string {
    let target: Connection | undefined;
    if (connectionId !== undefined) {
      target = this.conns.get(connectionId);
      if (!target || !this.canReceive(target, app, topic)) {
        throw new Error(`connection ${connectionId} is not a live ${app.clientId} connection subscribed to ${topic}`);
      }
    }
    const message: StreamMessage = {
      messageId: newMessageId(),
      msgId,
      app,
      topic,
      data,
      time: String(Date.now()),
      attempts: 0,
      lastDeliveryAt: 0,
      acked: false,
      queued: false,
      ...(onAck ? { onAck } : {}),
    };
    this.messages.set(message.messageId, message);
    this.deliver(message, target);
    return message.messageId;
  }

  /** Runs `write` with every socket corked, so the frames it sends leave in one write, as a busy gateway's do. */
  batch<T>(write: () => T): T {
    const sockets = [...this.conns.values()].filter((conn) => conn.state !== 'closed').map((conn) => conn.socket);
    for (const socket of sockets) socket.cork();
    try {
      return write();
    } finally {
      for (const socket of sockets) socket.uncork();
    }
  }

  pushRaw(raw: string, connectionId?: string): void {
    const conn =
      connectionId === undefined
        ? this.pickRandom([...this.conns.values()].filter((candidate) => candidate.state === 'live'))
        : this.conns.get(connectionId);
    if (!conn || conn.state === 'closed') throw new Error(`no open connection ${connectionId ?? '(any live)'}`);
    conn.ws.send(raw);
  }

  redeliver(messageId: string): void {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`unknown messageId ${messageId}`);
    this.deliver(message);
  }

  disconnect(connectionId: string | undefined, closeAfterMs: number): void {
    for (const conn of this.select(connectionId, (state) => state === 'live' || state === 'zombie')) {
      this.scheduler.cancel(conn.pingTimer);
      const messageId = newMessageId();
      const data = JSON.stringify({ reason: 'connection is expired' });
      conn.ws.send(frame('SYSTEM', conn.app.appId, conn.id, messageId, String(Date.now()), 'disconnect', data));
      this.setState(conn, 'draining');
      conn.closeTimer = this.scheduler.after(closeAfterMs, () => conn.ws.close(1000, 'connection is expired'));
    }
  }

  terminate(connectionId?: string): void {
    for (const conn of this.select(connectionId, (state) => state !== 'closed')) conn.ws.terminate();
  }

  zombify(connectionId: string | undefined, answerPings: boolean): void {
    for (const conn of this.select(connectionId, (state) => state === 'live' || state === 'zombie')) {
      this.scheduler.cancel(conn.pingTimer);
      conn.answerPings = answerPings;
      this.setState(conn, 'zombie');
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    const closing = [...this.conns.values()]
      .filter((conn) => conn.state !== 'closed')
      .map((conn) => new Promise<void>((resolve) => conn.ws.once('close', () => resolve())));
    for (const conn of this.conns.values()) conn.ws.terminate();
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, socket: Duplex, ticket: Ticket): void {
    // A handshake that was already in flight when close() began must not outlive it.
    if (this.closing) {
      ws.terminate();
      return;
    }
    const conn: Connection = {
      id: randomUUID(),
      app: ticket.app,
      ws,
      socket,
      state: 'live',
      openedAt: Date.now(),
      subscriptions: ticket.subscriptions,
      answerPings: true,
    };
    this.conns.set(conn.id, conn);
    // A protocol error from a misbehaving client must end only that socket, not crash the host process.
    ws.on('error', () => ws.terminate());
    ws.on('ping', (payload) => {
      if (conn.state !== 'zombie' || conn.answerPings) ws.pong(payload);
    });
    ws.on('message', (raw, isBinary) => this.onClientFrame(conn, raw, isBinary));
    ws.on('close', () => this.onClose(conn));
    if (this.options.pingIntervalMs > 0) {
      conn.pingTimer = this.scheduler.every(this.options.pingIntervalMs, () => this.sendPing(conn));
    }
    this.recorder.changed('connections', conn.id);
    for (const message of this.messages.values()) {
      if (message.queued && this.canReceive(conn, message.app, message.topic)) this.deliver(message);
    }
  }

  private onClose(conn: Connection): void {
    this.scheduler.cancel(conn.pingTimer);
    this.scheduler.cancel(conn.closeTimer);
    for (const [messageId, ping] of this.pendingPings) {
      if (ping.connectionId === conn.id) this.pendingPings.delete(messageId);
    }
    conn.closedAt = Date.now();
    this.setState(conn, 'closed');
  }

  private setState(conn: Connection, state: ConnectionState): void {
    conn.state = state;
    this.recorder.changed('connections', conn.id);
  }

  private select(connectionId: string | undefined, eligible: (state: ConnectionState) => boolean): Connection[] {
    if (connectionId === undefined) return [...this.conns.values()].filter((conn) => eligible(conn.state));
    const conn = this.conns.get(connectionId);
    if (!conn) throw new Error(`unknown connection ${connectionId}`);
    return eligible(conn.state) ? [conn] : [];
  }

  private canReceive(conn: Connection, app: ResolvedApp, topic: string): boolean {
    return (
      conn.state === 'live' &&
      conn.app === app &&
      conn.subscriptions.some((sub) => sub.type === 'CALLBACK' && sub.topic === topic)
    );
  }

  private pickRandom<T>(items: T[]): T | undefined {
    return items[Math.floor(Math.random() * items.length)];
  }

  private deliver(message: StreamMessage, target?: Connection): void {
    const conn =
      target ??
      this.pickRandom([...this.conns.values()].filter((candidate) => this.canReceive(candidate, message.app, message.topic)));
    if (!conn) {
      message.queued = true;
      return;
    }
    message.queued = false;
    message.attempts++;
    message.lastDeliveryAt = Date.now();
    conn.ws.send(frame('CALLBACK', message.app.appId, conn.id, message.messageId, message.time, message.topic, message.data));
    this.recorder.add('deliveries', {
      messageId: message.messageId,
      msgId: message.msgId,
      connectionId: conn.id,
      attempt: message.attempts,
      at: message.lastDeliveryAt,
    });
    this.scheduler.cancel(message.redeliveryTimer);
    message.redeliveryTimer = undefined;
    if (!message.acked) {
      message.redeliveryTimer = this.scheduler.after(this.options.redeliveryDelayMs, () => {
        message.redeliveryTimer = undefined;
        if (!message.acked) this.deliver(message);
      });
    }
  }

  private sendPing(conn: Connection): void {
    const messageId = newMessageId();
    const opaque = randomUUID();
    const sentAt = Date.now();
    conn.ws.send(frame('SYSTEM', conn.app.appId, conn.id, messageId, String(sentAt), 'ping', JSON.stringify({ opaque })));
    const record: PingRecord = { connectionId: conn.id, messageId, opaque, sentAt };
    this.pendingPings.set(messageId, record);
    this.recorder.add('pings', record);
  }

  private onClientFrame(conn: Connection, raw: RawData, isBinary: boolean): void {
    const at = Date.now();
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.concat(Array.isArray(raw) ? raw : [Buffer.from(raw)]).toString('utf8');
    this.recorder.add('clientFrames', { connectionId: conn.id, raw: text, at });
    if (isBinary) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(parsed) || parsed.code === undefined || !isRecord(parsed.headers)) return;
    const messageId = parsed.headers.messageId;
    if (typeof messageId !== 'string') return;

    const ping = this.pendingPings.get(messageId);
    if (ping) {
      this.pendingPings.delete(messageId);
      ping.echoedAt = at;
      ping.echoOk = echoesOpaque(parsed.data, ping.opaque);
      this.recorder.changed('pings', ping);
      return;
    }

    const message = this.messages.get(messageId);
    if (!message || message.attempts === 0) return;
    const ignored = this.dropAcks;
    const first = !ignored && !message.acked;
    if (!ignored) {
      message.acked = true;
      this.scheduler.cancel(message.redeliveryTimer);
      message.redeliveryTimer = undefined;
    }
    this.recorder.add('acks', {
      messageId,
      connectionId: conn.id,
      code: Number(parsed.code),
      data: parsed.data,
      at,
      latencyMs: at - message.lastDeliveryAt,
      ignored,
    });
    if (first) message.onAck?.(messageId, parsed.data);
  }
}
