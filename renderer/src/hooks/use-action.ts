import { useCallback, useRef, useState } from 'react';
import { ContractError } from '../../../electron/contract/errors';
import { useMessages } from '../i18n/i18n';
import { failureText } from '../i18n/failure-words';

export interface ActionState {
  busy: boolean;
  error: string | undefined;
  /** Field problems from a refused save, keyed by field path. */
  problems: Record<string, string>;
  done: string | undefined;
}

/** Runs an async action once at a time, keeping its progress, its result and its error for the view. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>, describeDone?: (result: R) => string | undefined) {
  const m = useMessages();
  // The failure itself is kept, not its words, so the error follows the window when its language changes.
  const [state, setState] = useState<Omit<ActionState, 'error'> & { failed?: { failure: unknown } }>({ busy: false, problems: {}, done: undefined });
  const running = useRef(false);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setState({ busy: true, problems: {}, done: undefined });
      try {
        const result = await action(...args);
        setState({ busy: false, problems: {}, done: describeDone?.(result) });
        return result;
      } catch (failure) {
        const problems = failure instanceof ContractError && failure.problems ? Object.fromEntries(failure.problems.map((p) => [p.path, p.message])) : {};
        setState({ busy: false, failed: { failure }, problems, done: undefined });
        return undefined;
      } finally {
        running.current = false;
      }
    },
    [action, describeDone],
  );
  const { failed, ...rest } = state;
  const shown: ActionState = { ...rest, error: failed ? failureText(failed.failure, m) : undefined };
  return [run, shown] as const;
}
