import type { Link } from './client.js';
import type { Result } from './errors.js';

/** A link inside one process, for tests: payloads are copied as a real transport would serialise them. */
export function memoryLink(
  dispatch: (name: unknown, input: unknown) => Promise<Result>,
  subscribe: (listener: (name: string, payload: unknown) => void) => () => void,
): Link {
  const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
  return {
    invoke: async (name, input) => copy(await dispatch(name, copy(input))),
    subscribe: (listener) => subscribe((name, payload) => listener(name, copy(payload))),
  };
}
