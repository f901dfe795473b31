import { EventEmitter } from 'node:events';

/** A node EventEmitter whose event names and argument lists are checked by the compiler. */
export class TypedEmitter<Events extends Record<string, unknown[]>> {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /** Subscribes and returns the function that unsubscribes. */
  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): () => void {
    const wrapped = listener as (...args: unknown[]) => void;
    this.#emitter.on(event, wrapped);
    return () => this.#emitter.off(event, wrapped);
  }

  protected emit<K extends keyof Events & string>(event: K, ...args: Events[K]): void {
    this.#emitter.emit(event, ...args);
  }
}
