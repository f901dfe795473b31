import type {
  Ack,
  CardCallbackRecord,
  CardRecord,
  ClientFrame,
  Delivery,
  PingRecord,
  ReactionRecord,
  RecordedRequest,
  SentMessage,
  UploadRecord,
} from './types.js';

export interface Records {
  requests: RecordedRequest[];
  deliveries: Delivery[];
  acks: Ack[];
  pings: PingRecord[];
  outbox: SentMessage[];
  reactions: ReactionRecord[];
  clientFrames: ClientFrame[];
  cards: CardRecord[];
  cardCallbacks: CardCallbackRecord[];
  uploads: UploadRecord[];
}

export type RecordKind = keyof Records;

/** Connections are not records but their state changes are worth waiting for too. */
export type ChangeKind = RecordKind | 'connections';

export interface WaitOptions {
  timeoutMs?: number;
  what?: string;
  /**
   * Probes often also read state outside the simulator (the client's own status), which changes without a
   * record being added, so the probe is re-checked on this interval too; default 10 ms.
   */
  pollMs?: number;
}

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/**
 * Keeps what happened and lets callers wait for a condition over it. Waiters are re-checked on every
 * change, so a test resumes the moment a record satisfies it, not at the next poll.
 */
export class Recorder {
  readonly records: Records = {
    requests: [],
    deliveries: [],
    acks: [],
    pings: [],
    outbox: [],
    reactions: [],
    clientFrames: [],
    cards: [],
    cardCallbacks: [],
    uploads: [],
  };

  private readonly waiters = new Set<Waiter>();

  constructor(private readonly onChange: (kind: ChangeKind, record: unknown) => void) {}

  add<K extends RecordKind>(kind: K, record: Records[K][number]): void {
    (this.records[kind] as Records[K][number][]).push(record);
    this.changed(kind, record);
  }

  /** Also for records updated in place (a ping's echo arriving, a card streamed to) and for connection state. */
  changed(kind: ChangeKind, record: unknown): void {
    this.onChange(kind, record);
    for (const waiter of [...this.waiters]) waiter.check();
  }

  waitFor<T>(probe: () => T | undefined | false, opts: WaitOptions = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    const what = opts.what ?? 'condition';
    return new Promise<T>((resolve, reject) => {
      const settle = (fn: () => void): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(waiter);
        fn();
      };
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined | false;
          try {
            value = probe();
          } catch (error) {
            settle(() => reject(error instanceof Error ? error : new Error(String(error))));
            return;
          }
          if (value) settle(() => resolve(value));
        },
        fail: (error) => settle(() => reject(error)),
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
      const poll = setInterval(() => waiter.check(), opts.pollMs ?? 10);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** Nothing can change any more once the simulator is stopped, so pending waits fail now instead of at their timeout. */
  failWaiters(reason: string): void {
    for (const waiter of [...this.waiters]) waiter.fail(new Error(reason));
  }
}
