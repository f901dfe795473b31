import { setTimeout as delay } from 'node:timers/promises';

export interface SendPacerOptions {
  /** DingTalk throttles a bot that sends more than 20 messages a minute into one conversation. */
  perWindow: number;
  windowMs: number;
  now?: () => number;
}

/** Holds a send back until the conversation is under DingTalk's rate, instead of sending and being refused. */
export class SendPacer {
  readonly #sent = new Map<string, number[]>();
  readonly #options: SendPacerOptions;
  readonly #now: () => number;

  constructor(options: SendPacerOptions = { perWindow: 20, windowMs: 60_000 }) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Waits for a free slot for `key`, then takes it. */
  async take(key: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.#now();
      const recent = (this.#sent.get(key) ?? []).filter((at) => at > now - this.#options.windowMs);
      if (recent.length < this.#options.perWindow) {
        recent.push(now);
        this.#sent.set(key, recent);
        return;
      }
      this.#sent.set(key, recent);
      const oldest = recent[0] ?? now;
      await delay(oldest + this.#options.windowMs - now + 1, undefined, { signal });
    }
  }
}
