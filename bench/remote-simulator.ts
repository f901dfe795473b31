import { fork, type ChildProcess } from 'node:child_process';
import type { DingTalkSimulatorOptions, PushMessageInput, ResolvedApp } from '../electron/core/platform/simulator/dingtalk/types.js';
import type { Counts, HostCall, HostReply } from './simulator-protocol.js';

export interface Results {
  /** Frame written → ACK read, in ms. */
  ackLatencies: number[];
  /** `at` on the host's performance.now() clock, the same clock as a push's `at`. */
  replies: { conversationId: string; text: string; at: number }[];
  /** The pictures and files among the replies, by the name DingTalk shows and their size, on the same clock. */
  files: { conversationId: string; name: string; kind: 'image' | 'file'; bytes: number; at: number }[];
  /** Each AI card's first frame holding text, on the same clock. */
  cardTexts: { conversationId: string; text: string; at: number }[];
}

/** A DingTalkSimulator running in its own process (see simulator-host.ts). */
export class RemoteSimulator {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #next = 0;
  endpoints = { api: '', oapi: '' };
  apps: ResolvedApp[] = [];

  private constructor() {
    this.#child = fork(new URL('./simulator-host.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.#child.on('message', (reply: HostReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.ok) pending?.resolve(reply.value);
      else pending?.reject(new Error(reply.error));
    });
    this.#child.on('exit', (code) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`the simulator process exited (${code})`));
      this.#pending.clear();
    });
  }

  static async start(options: DingTalkSimulatorOptions = {}): Promise<RemoteSimulator> {
    const remote = new RemoteSimulator();
    const started = (await remote.#call({ op: 'start', options })) as { endpoints: RemoteSimulator['endpoints']; apps: ResolvedApp[] };
    remote.endpoints = started.endpoints;
    remote.apps = started.apps;
    return remote;
  }

  /** Pushes messages in one go; each comes back with its msgId and when its frame was written. */
  push(messages: PushMessageInput[]): Promise<{ msgId: string; at: number }[]> {
    return this.#call({ op: 'push', messages }) as Promise<{ msgId: string; at: number }[]>;
  }

  results(): Promise<Results> {
    return this.#call({ op: 'results' }) as Promise<Results>;
  }

  reset(): Promise<void> {
    return this.#call({ op: 'reset' }) as Promise<void>;
  }

  /** Waits, in the host, until every given count is reached. */
  waitFor(target: Partial<Counts>, timeoutMs = 60_000): Promise<Counts> {
    return this.#call({ op: 'wait', target, timeoutMs }) as Promise<Counts>;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.#call({ op: 'stop' }).catch(() => undefined);
    const timer = setTimeout(() => this.#child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }

  #call(request: HostCall): Promise<unknown> {
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ ...request, id });
    });
  }
}
