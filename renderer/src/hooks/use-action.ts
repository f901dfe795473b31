import { useCallback, useRef, useState } from 'react';
import { ContractError } from '../../../electron/contract/errors';

export interface ActionState {
  busy: boolean;
  error: string | undefined;
  /** Field problems from a refused save, keyed by field path. */
  problems: Record<string, string>;
  done: string | undefined;
}

/** Runs an async action once at a time, keeping its progress, its result and its error for the view. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>, describeDone?: (result: R) => string | undefined) {
  const [state, setState] = useState<ActionState>({ busy: false, error: undefined, problems: {}, done: undefined });
  const running = useRef(false);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setState({ busy: true, error: undefined, problems: {}, done: undefined });
      try {
        const result = await action(...args);
        setState({ busy: false, error: undefined, problems: {}, done: describeDone?.(result) });
        return result;
      } catch (failure) {
        const problems = failure instanceof ContractError && failure.problems ? Object.fromEntries(failure.problems.map((p) => [p.path, p.message])) : {};
        setState({ busy: false, error: failure instanceof Error ? failure.message : String(failure), problems, done: undefined });
        return undefined;
      } finally {
        running.current = false;
      }
    },
    [action, describeDone],
  );
  return [run, state] as const;
}
