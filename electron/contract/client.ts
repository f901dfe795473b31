import { eventContract, invokeContract, type EventName, type EventPayload, type InvokeInput, type InvokeName, type InvokeOutput } from './contract.js';
import { ContractError, ResultSchema, problemsOf } from './errors.js';

/** How a client reaches the engine: Electron IPC, a WebSocket, or memory. */
export interface Link {
  invoke(name: InvokeName, input: unknown): Promise<unknown>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

export type Api = {
  [N in InvokeName]: (...input: undefined extends InvokeInput<N> ? [input?: InvokeInput<N>] : [input: InvokeInput<N>]) => Promise<InvokeOutput<N>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/**
 * The typed API over a link. Input is checked before it leaves, answers and events when they arrive, so a
 * mismatch shows up as a clear ContractError on whichever side is wrong.
 */
export function createClient(link: Link): Api {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  link.subscribe((name, payload) => {
    const schema = (eventContract as Record<string, (typeof eventContract)[EventName]>)[name];
    const set = listeners.get(name);
    if (!schema || !set?.size) return;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return;
    for (const listener of set) listener(parsed.data);
  });
  const api: Record<string, unknown> = {
    on(event: string, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  for (const name of Object.keys(invokeContract) as InvokeName[]) {
    const spec = invokeContract[name];
    api[name] = async (input?: unknown) => {
      const checked = spec.input.safeParse(input);
      if (!checked.success) {
        const problems = problemsOf(checked.error);
        throw new ContractError({ code: 'invalid_input', message: `${name}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems });
      }
      const raw = await link.invoke(name, input);
      const result = ResultSchema.safeParse(raw);
      if (!result.success) throw new ContractError({ code: 'invalid_output', message: `The answer to ${name} was not understood.` });
      if (!result.data.ok) throw new ContractError(result.data.error);
      const output = spec.output.safeParse(result.data.value);
      if (!output.success) {
        throw new ContractError({ code: 'invalid_output', message: `The answer to ${name} does not match the contract.`, problems: problemsOf(output.error) });
      }
      return output.data;
    };
  }
  return api as Api;
}
