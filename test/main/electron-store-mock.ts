/** electron-store in memory: the shell's stores are tested without Electron. */
export default class Store<T extends Record<string, unknown>> {
  static instances = new Map<string, Record<string, unknown>>();
  readonly path: string;
  readonly #data: Record<string, unknown>;
  constructor(options: { name: string; defaults: T }) {
    this.path = `/fake/${options.name}.json`;
    this.#data = Store.instances.get(options.name) ?? structuredClone(options.defaults);
    Store.instances.set(options.name, this.#data);
  }
  get<K extends keyof T>(key: K): T[K] {
    return structuredClone(this.#data[key as string]) as T[K];
  }
  set<K extends keyof T>(key: K, value: T[K]) {
    this.#data[key as string] = structuredClone(value);
  }
}
