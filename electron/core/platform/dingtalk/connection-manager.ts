import { setTimeout as delay } from 'node:timers/promises';
import { TypedEmitter } from '../../base/typed-emitter.js';
import type { Logger } from '../../base/logger.js';
import type { BotCredentials } from './credentials.js';
import type { Endpoints } from './endpoints.js';
import { DingTalkError, asDingTalkError } from './errors.js';
import type { AccessTokenCache } from './token-cache.js';
import type { ProxyRules } from './proxy-rules.js';
import { backoffDelay } from '../../base/backoff.js';
import { DEFAULT_CONNECTION_TIMING, type ConnectionTiming } from './connection-timing.js';
import type { ConnectionState } from '../../chat/connection-state.js';
import type { ConnectionProblem } from '../../chat/connection-problem.js';
import { StreamClient } from './stream-client.js';
import type { StreamFrame } from './stream-frame.js';

export interface ConnectionManagerOptions {
  credentials: Pick<BotCredentials, 'clientId' | 'clientSecret'>;
  endpoints: Endpoints;
  tokens: AccessTokenCache;
  proxy: ProxyRules;
  logger: Logger;
  timing?: Partial<ConnectionTiming>;
  random?: () => number;
}

export type ConnectionEvents = {
  state: [ConnectionState];
  robotFrame: [StreamFrame];
  cardFrame: [StreamFrame];
  malformedFrame: [{ reason: string; messageId: string | undefined }];
};

interface Live {
  client: StreamClient;
  openedAt: number;
  lastFrameAt: number;
  awaitingPong: boolean;
  missedPongs: number;
  /** DingTalk asked us to go, or we decided to: a replacement is being opened. */
  retiring: boolean;
}

/** Why the connection is being (re)made: in English, and as a code when it has one. */
interface Trouble {
  reason: string;
  problem?: ConnectionProblem;
}

const STARTING: Trouble = { reason: 'starting' };
const RESUMED: Trouble = { reason: 'the computer woke from sleep', problem: { code: 'resumed' } };
const troubleOf = (error: DingTalkError): Trouble => ({ reason: error.message, ...(error.problem ? { problem: error.problem } : {}) });

/**
 * Keeps one bot's Stream connection alive: our own reconnect loop (the SDK's is off), backoff with jitter,
 * a connect timeout, a health check for silent sockets, make-before-break replacement on DingTalk's
 * `disconnect`, and a clock check that notices the machine waking from sleep when nothing says so sooner (`woke`).
 */
export class ConnectionManager extends TypedEmitter<ConnectionEvents> {
  readonly #options: ConnectionManagerOptions;
  readonly #timing: ConnectionTiming;
  #state: ConnectionState = { status: 'stopped' };
  #run: AbortController | undefined;
  #live: Live | undefined;
  #connecting = false;
  #failures = 0;
  #healthTimer: NodeJS.Timeout | undefined;
  #lastTickAt = 0;
  /** Ends the wait before the next try early. */
  #backoff: AbortController | undefined;
  /** Gives up the try in flight, for a fresh one at once. */
  #abandon: AbortController | undefined;

  constructor(options: ConnectionManagerOptions) {
    super();
    this.#options = options;
    this.#timing = { ...DEFAULT_CONNECTION_TIMING, ...options.timing };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  start(): void {
    if (this.#run) return;
    this.#run = new AbortController();
    this.#failures = 0;
    this.#lastTickAt = Date.now();
    this.#healthTimer = setInterval(() => this.#healthTick(), this.#timing.healthIntervalMs);
    void this.#connectLoop(STARTING, true);
  }

  async stop(): Promise<void> {
    this.#halt();
    const live = this.#live;
    this.#live = undefined;
    if (live) await live.client.release(this.#timing.closeGraceMs);
    this.#setState({ status: 'stopped' });
  }

  /**
   * The operating system says the machine woke from sleep. A socket from before the sleep may be dead without
   * knowing it, so it is replaced now rather than at the next clock check; a try in flight may be waiting on such a
   * socket, so it is given up for a fresh one rather than left to its timeout; and a try waiting out its backoff goes
   * now: the failures before the sleep say nothing about the network after it.
   */
  woke(): void {
    if (!this.#run) return;
    this.#failures = 0;
    // This sleep has been said: the clock check must not replace the new connection for it a second time.
    this.#lastTickAt = Date.now();
    if (this.#backoff) this.#backoff.abort();
    else if (this.#abandon) this.#abandon.abort();
    else this.#retire(RESUMED);
  }

  #halt(): void {
    this.#run?.abort();
    this.#run = undefined;
    clearInterval(this.#healthTimer);
    this.#healthTimer = undefined;
  }

  async #connectLoop(trouble: Trouble, immediate: boolean): Promise<void> {
    const run = this.#run;
    if (!run || this.#connecting) return;
    this.#connecting = true;
    try {
      let wait = immediate ? 0 : this.#nextBackoff();
      while (!run.signal.aborted) {
        if (wait > 0) {
          this.#setState({ status: 'reconnecting', ...trouble, attempt: this.#failures, nextAttemptAt: Date.now() + wait });
          this.#options.logger.info('DingTalk stream: reconnecting', { reason: trouble.reason, inMs: wait });
          this.#backoff = new AbortController();
          await delay(wait, undefined, { signal: AbortSignal.any([run.signal, this.#backoff.signal]) }).catch(() => undefined);
          this.#backoff = undefined;
          if (run.signal.aborted) return;
        }
        this.#setState({ status: 'connecting', attempt: this.#failures + 1, ...(trouble === STARTING ? {} : trouble) });
        const abandon = new AbortController();
        this.#abandon = abandon;
        try {
          const client = await this.#open(run.signal, abandon.signal);
          if (run.signal.aborted) {
            void client.release(0);
            return;
          }
          this.#adopt(client);
          // Between the socket opening and its adoption DingTalk may already have asked us to leave, or
          // closed it; those hooks found no live client, so look again now.
          const early = client.leaveReason ? askedToReconnect(client.leaveReason) : client.isOpen ? undefined : CLOSED_AT_ONCE;
          if (!early) return;
          if (this.#live) this.#live.retiring = true;
          trouble = early;
          wait = client.isOpen ? 0 : this.#nextBackoff();
        } catch (error) {
          if (run.signal.aborted) return;
          if (abandon.signal.aborted) {
            this.#options.logger.info('DingTalk stream: starting the connection over', { reason: RESUMED.reason });
            trouble = RESUMED;
            wait = 0;
            continue;
          }
          const failure = asDingTalkError(error, 'Connecting to DingTalk failed', 'connect-failed');
          if (failure.kind === 'auth') {
            this.#fail(failure);
            return;
          }
          trouble = troubleOf(failure);
          this.#options.logger.warn('DingTalk stream: connect failed', { reason: trouble.reason, kind: failure.kind });
          wait = this.#nextBackoff();
        } finally {
          this.#abandon = undefined;
        }
      }
    } finally {
      this.#connecting = false;
    }
  }

  #nextBackoff(): number {
    this.#failures += 1;
    return backoffDelay(this.#failures, this.#timing.backoffMinMs, this.#timing.backoffMaxMs, this.#options.random);
  }

  /** `abandon` gives the try up, as `signal` does, but is not the connect timeout. */
  async #open(signal: AbortSignal, abandon: AbortSignal): Promise<StreamClient> {
    const client: StreamClient = new StreamClient({
      credentials: this.#options.credentials,
      endpoints: this.#options.endpoints,
      tokens: this.#options.tokens,
      proxy: this.#options.proxy,
      hooks: {
        robotFrame: (frame) => this.emit('robotFrame', frame),
        cardFrame: (frame) => this.emit('cardFrame', frame),
        malformedFrame: (why, messageId) => {
          this.#options.logger.warn('DingTalk stream: malformed frame', { reason: why, messageId });
          this.emit('malformedFrame', { reason: why, messageId });
        },
        anyFrame: () => this.#forLive(client, (live) => (live.lastFrameAt = Date.now())),
        pong: () =>
          this.#forLive(client, (live) => {
            live.awaitingPong = false;
            live.missedPongs = 0;
          }),
        serverDisconnect: (why) => this.#forLive(client, () => this.#retire(askedToReconnect(why))),
        closed: (code) => this.#forLive(client, (live) => this.#lost(live, code)),
      },
    });
    const attempt = new AbortController();
    const stopAttempt = () => attempt.abort();
    signal.addEventListener('abort', stopAttempt, { once: true });
    abandon.addEventListener('abort', stopAttempt, { once: true });
    const timer = setTimeout(stopAttempt, this.#timing.connectTimeoutMs);
    try {
      await Promise.race([client.open(attempt.signal), aborted(attempt.signal)]);
      return client;
    } catch (error) {
      void client.release(0);
      if (attempt.signal.aborted && !signal.aborted && !abandon.aborted) {
        const seconds = Math.round(this.#timing.connectTimeoutMs / 1000);
        throw new DingTalkError(`DingTalk did not complete the connection within ${seconds} s.`, { kind: 'timeout', problem: { code: 'connect-timeout', seconds } });
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stopAttempt);
      abandon.removeEventListener('abort', stopAttempt);
    }
  }

  #adopt(client: StreamClient): void {
    const previous = this.#live;
    const now = Date.now();
    this.#live = {
      client,
      openedAt: now,
      lastFrameAt: now,
      awaitingPong: false,
      missedPongs: 0,
      retiring: false,
    };
    this.#setState({ status: 'connected', since: now });
    this.#options.logger.info('DingTalk stream: connected');
    void previous?.client.release(this.#timing.closeGraceMs);
  }

  #forLive(client: StreamClient, act: (live: Live) => void): void {
    if (this.#live?.client === client) act(this.#live);
  }

  #retire(trouble: Trouble): void {
    if (this.#live) this.#live.retiring = true;
    this.#options.logger.info('DingTalk stream: replacing connection', { reason: trouble.reason });
    void this.#connectLoop(trouble, true);
  }

  #lost(live: Live, code: number): void {
    this.#live = undefined;
    const shortLived = Date.now() - live.openedAt < this.#timing.stableAfterMs;
    if (!shortLived) this.#failures = 0;
    this.#options.logger.warn('DingTalk stream: connection lost', { code, shortLived });
    if (this.#connecting) return;
    void this.#connectLoop({ reason: `the connection closed (code ${code})`, problem: { code: 'closed', closeCode: code } }, !shortLived);
  }

  #healthTick(): void {
    const now = Date.now();
    const late = now - this.#lastTickAt - this.#timing.healthIntervalMs;
    this.#lastTickAt = now;
    if (late > this.#timing.clockJumpMs) {
      const seconds = Math.round(late / 1000);
      this.#retire({ reason: `the computer woke from sleep (clock jumped ${seconds} s)`, problem: { code: 'woke', seconds } });
      return;
    }
    const live = this.#live;
    if (!live || live.retiring || this.#connecting) return;
    if (live.awaitingPong) {
      live.missedPongs += 1;
      if (live.missedPongs >= this.#timing.missedPongsAllowed) {
        const pings = live.missedPongs;
        this.#retire({ reason: `no answer to ${pings} keep-alive pings`, problem: { code: 'no-pong', pings } });
        return;
      }
    }
    if (now - live.lastFrameAt > this.#timing.serverSilenceMs) {
      const seconds = Math.round((now - live.lastFrameAt) / 1000);
      this.#retire({ reason: `DingTalk sent nothing for ${seconds} s`, problem: { code: 'silent', seconds } });
      return;
    }
    live.awaitingPong = true;
    live.client.ping();
  }

  #fail(error: DingTalkError): void {
    this.#halt();
    void this.#live?.client.release(0);
    this.#live = undefined;
    this.#options.logger.error('DingTalk stream: giving up', { reason: error.message, code: error.code });
    this.#setState({ status: 'failed', ...troubleOf(error), ...(error.code ? { code: error.code } : {}) });
  }

  #setState(next: ConnectionState): void {
    if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
    this.#state = next;
    this.emit('state', next);
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new DingTalkError('The connection attempt was abandoned.', { kind: 'timeout', problem: { code: 'abandoned' } }));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

const askedToReconnect = (why: string): Trouble => ({ reason: `DingTalk asked to reconnect (${why})`, problem: { code: 'asked-to-reconnect', detail: why } });
const CLOSED_AT_ONCE: Trouble = { reason: 'the connection closed as soon as it opened', problem: { code: 'closed-at-once' } };
