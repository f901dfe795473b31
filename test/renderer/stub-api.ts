import type { Api } from '../../electron/contract/client';

type Handlers = Partial<Record<keyof Api, (input?: never) => unknown>>;

/** An Api for component tests: the operations a test names, recorded; every other one fails loudly. */
export function stubApi(handlers: Handlers) {
  const calls: Array<{ name: string; input: unknown }> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = new Proxy(
    {},
    {
      get(_target, name: string) {
        if (name === 'on') {
          return (event: string, listener: (payload: unknown) => void) => {
            const set = listeners.get(event) ?? new Set();
            set.add(listener);
            listeners.set(event, set);
            return () => set.delete(listener);
          };
        }
        return async (input?: unknown) => {
          calls.push({ name, input });
          const handler = handlers[name as keyof Api] as ((input?: unknown) => unknown) | undefined;
          if (!handler) throw new Error(`The test did not expect ${name}`);
          return handler(input);
        };
      },
    },
  ) as Api;
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  return { api, calls, emit };
}
