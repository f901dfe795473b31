import type * as acp from '@agentclientprotocol/sdk';
import type { Logger } from '../base/logger.js';
import type { AgentProcess } from './agent-process.js';
import { buildPrompt } from './prompt-builder.js';
import { forwardUpdates } from './session-updates.js';
import type { AgentTimeouts, DispatchMode } from './conversation-settings.js';
import type { TurnInput } from './turn-input.js';
import type { TurnReply } from './turn-reply.js';

export type TurnOutcome = 'answered' | 'collected' | 'steered' | 'cancelled' | 'timeout' | 'failed';

/** What a turn needs from its session, resolved fresh for each turn (the agent may have restarted). */
export interface PreparedSession {
  agent: AgentProcess;
  sessionId: string;
  firstTurn: boolean;
}

export interface SessionWorkerDeps {
  key: string;
  dispatchMode: DispatchMode;
  instructions?: string;
  timeouts: AgentTimeouts;
  logger: Logger;
  prepare(turn: TurnInput, reply: TurnReply): Promise<PreparedSession>;
  instructed(key: string): void;
  listen(sessionId: string, onUpdate: (update: acp.SessionUpdate) => void): () => void;
  turnStarted(info: { key: string; msgIds: string[] }): void;
  toolCall(info: { key: string; line: string }): void;
  turnFinished(info: { key: string; msgIds: string[]; outcome: TurnOutcome; durationMs: number; error?: string }): void;
}

interface Item {
  turn: TurnInput;
  reply: TurnReply;
  resolve: (outcome: TurnOutcome) => void;
}

interface Batch {
  items: Item[];
  steered: boolean;
}

interface Running {
  batch: Batch;
  controller: AbortController;
  stopReason?: 'steer' | 'cancel' | 'timeout';
  startedAt: number;
}

/** Grace for an agent to wind a cancelled turn down before the bridge stops waiting for it. */
const CANCEL_GRACE_MS = 3_000;

/**
 * One session's turns: at most one prompt at a time, and what a message does while the session is busy
 * decided by the dispatch mode: `collect` joins queued messages into the next turn, `followup` runs them one
 * by one, `steer` cancels the running turn and starts the new message with a note.
 */
export class SessionWorker {
  readonly #deps: SessionWorkerDeps;
  readonly #queue: Batch[] = [];
  #running: Running | undefined;
  /**
   * The last answer on its way to DingTalk. A turn is over once its answer is complete, however long DingTalk
   * takes to accept it: the next message starts a turn of its own (never steering an answered one), and that
   * turn's replies go out after this answer, in order.
   */
  #delivering: Promise<void> = Promise.resolve();
  #deliveries = 0;

  constructor(deps: SessionWorkerDeps) {
    this.#deps = deps;
  }

  get busy(): boolean {
    return this.#running !== undefined;
  }

  get runningSince(): number | undefined {
    return this.#running?.startedAt;
  }

  /** The messages the running turn answers, and where its replies go. */
  get runningTurn(): { turns: TurnInput[]; reply: TurnReply } | undefined {
    const items = this.#running?.batch.items;
    const last = items?.at(-1);
    return items && last ? { turns: items.map((item) => item.turn), reply: last.reply } : undefined;
  }

  /** Nothing running, waiting or on its way out: the session can be let go of without anyone noticing. */
  get idle(): boolean {
    return this.#running === undefined && this.#queue.length === 0 && this.#deliveries === 0;
  }

  get queued(): number {
    return this.#queue.reduce((sum, batch) => sum + batch.items.length, 0);
  }

  /** Resolves with what became of this message once that is settled. */
  submit(turn: TurnInput, reply: TurnReply): Promise<TurnOutcome> {
    return new Promise<TurnOutcome>((resolve) => {
      const item: Item = { turn, reply, resolve };
      const running = this.#running;
      if (!running) this.#queue.push({ items: [item], steered: false });
      else if (this.#deps.dispatchMode === 'collect') {
        const waiting = this.#queue.at(-1);
        if (waiting) waiting.items.push(item);
        else this.#queue.push({ items: [item], steered: false });
      } else if (this.#deps.dispatchMode === 'followup') this.#queue.push({ items: [item], steered: false });
      else {
        const earlier = this.#queue.splice(0).flatMap((batch) => batch.items);
        this.#queue.push({ items: [...earlier, item], steered: true });
        this.#stop(running, 'steer');
      }
      void this.#drain();
    });
  }

  /** Stops the running turn; true when there was one. */
  cancel(): boolean {
    if (!this.#running) return false;
    this.#stop(this.#running, 'cancel');
    return true;
  }

  /** Stops everything: the running turn and whatever waits behind it. */
  cancelAll(): void {
    for (const batch of this.#queue.splice(0)) for (const item of batch.items) item.resolve('cancelled');
    this.cancel();
  }

  #stop(running: Running, reason: NonNullable<Running['stopReason']>): void {
    running.stopReason ??= reason;
    running.controller.abort();
  }

  async #drain(): Promise<void> {
    while (!this.#running) {
      const batch = this.#queue.shift();
      if (!batch) return;
      await this.#run(batch);
    }
  }

  async #run(batch: Batch): Promise<void> {
    const last = batch.items.at(-1);
    if (!last) return;
    const running: Running = { batch, controller: new AbortController(), startedAt: Date.now() };
    this.#running = running;
    const { key } = this.#deps;
    const msgIds = batch.items.map((item) => item.turn.msgId);
    const { reply } = last;
    reply.after(this.#delivering);
    reply.begin();
    this.#deps.turnStarted({ key, msgIds });
    let outcome: TurnOutcome = 'failed';
    let error: string | undefined;
    let delivery: Promise<void> | undefined;
    try {
      ({ outcome, delivery } = await this.#prompt(running, last.turn, reply));
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      this.#deps.logger.warn('An agent turn failed', { key, error });
      await reply.abandon({ say: 'failed', failure }).catch(() => undefined);
    } finally {
      this.#running = undefined;
      this.#deps.turnFinished({ key, msgIds, outcome, durationMs: Date.now() - running.startedAt, ...(error ? { error } : {}) });
    }
    const settle = (final: TurnOutcome) => batch.items.forEach((item, index) => item.resolve(index < batch.items.length - 1 && final === 'answered' ? 'collected' : final));
    if (!delivery) return settle(outcome);
    this.#deliveries += 1;
    this.#delivering = delivery.finally(() => (this.#deliveries -= 1)).then(
      () => settle(outcome),
      (failure: unknown) => {
        this.#deps.logger.warn('An answer could not be handed to DingTalk', { key, error: failure instanceof Error ? failure.message : String(failure) });
        settle('failed');
      },
    );
  }

  /** How the turn ended, and its answer's delivery when it has one: the turn does not wait for it. */
  async #prompt(running: Running, last: TurnInput, reply: TurnReply): Promise<{ outcome: TurnOutcome; delivery?: Promise<void> }> {
    const { batch, controller } = running;
    const session = await this.#deps.prepare(last, reply);
    if (controller.signal.aborted) return this.#stopped(running, reply);
    const prompt = await buildPrompt(
      batch.items.map((item) => item.turn),
      {
        instructions: this.#deps.instructions,
        firstTurn: session.firstTurn,
        acceptsImages: session.agent.capabilities.images,
        steered: batch.steered,
      },
    );
    const onUpdate = forwardUpdates(reply, ({ line }) => this.#deps.toolCall({ key: this.#deps.key, line }));
    const stopListening = this.#deps.listen(session.sessionId, onUpdate);
    const timer = setTimeout(() => this.#stop(running, 'timeout'), this.#deps.timeouts.turnMs);
    const onAbort = () => void session.agent.cancel(session.sessionId);
    controller.signal.addEventListener('abort', onAbort, { once: true });
    let response: acp.PromptResponse | undefined;
    try {
      const turn = session.agent.prompt(session.sessionId, prompt);
      this.#deps.instructed(this.#deps.key);
      response = await Promise.race([turn, windDown(controller.signal)]);
    } finally {
      clearTimeout(timer);
      controller.signal.removeEventListener('abort', onAbort);
      stopListening();
    }
    if (controller.signal.aborted) return this.#stopped(running, reply);
    return { outcome: 'answered', delivery: reply.finish({ say: 'empty', stopReason: response?.stopReason }) };
  }

  /** The turn was stopped (steered, cancelled, timed out), before the agent started on it or while it worked. */
  async #stopped(running: Running, reply: TurnReply): Promise<{ outcome: TurnOutcome }> {
    await reply.abandon(running.stopReason === 'timeout' ? { say: 'timed-out', ms: this.#deps.timeouts.turnMs } : undefined);
    return { outcome: outcomeOf(running) };
  }
}

function outcomeOf(running: Running): TurnOutcome {
  if (running.stopReason === 'steer') return 'steered';
  if (running.stopReason === 'timeout') return 'timeout';
  return 'cancelled';
}

/** Resolves a while after cancellation, so an agent that ignores session/cancel cannot hold the session. */
function windDown(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    const start = () => setTimeout(() => resolve(undefined), CANCEL_GRACE_MS).unref();
    if (signal.aborted) start();
    else signal.addEventListener('abort', start, { once: true });
  });
}
