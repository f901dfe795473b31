import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName } from '../../../electron/contract/names';
import { ContractError } from '../../../electron/contract/errors';
import { useApi, useLink } from './api-context';
import { useMessages } from '../i18n/i18n';
import { failureText } from '../i18n/failure-words';

export interface Live<T> {
  data: T | undefined;
  error: string | undefined;
  reload: () => void;
}

/** A request cut off by the link dropping: the window says so once, for every page, and asks again when it returns. */
export const isDisconnected = (failure: unknown) => failure instanceof ContractError && failure.code === 'disconnected';

/**
 * Data from the engine kept fresh: fetched once, then again (coalesced) whenever one of `events` arrives, and
 * again whenever the link to the engine comes back, since the events sent while it was gone are lost.
 */
export function useLive<T>(fetch: () => Promise<T>, events: EventName[]): Live<T> {
  const api = useApi();
  const { returns } = useLink();
  const [data, setData] = useState<T>();
  const m = useMessages();
  // The failure, not its words, so the error follows the window's language.
  const [failed, setFailed] = useState<{ failure: unknown }>();
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);

  const reload = useCallback(() => {
    fetchRef.current().then(
      (value) => {
        setData(value);
        setFailed(undefined);
      },
      (failure: unknown) => {
        if (!isDisconnected(failure)) setFailed({ failure });
      },
    );
  }, []);

  useEffect(() => {
    reload();
    const stops = events.map((event) =>
      api.on(event, () => {
        clearTimeout(pending.current);
        pending.current = setTimeout(reload, 80);
      }),
    );
    return () => {
      stops.forEach((stop) => stop());
      clearTimeout(pending.current);
    };
  }, [api, reload]);

  // Not on mount: the effect above has just fetched.
  const seenReturns = useRef(returns);
  useEffect(() => {
    if (seenReturns.current === returns) return;
    seenReturns.current = returns;
    reload();
  }, [returns, reload]);

  return { data, error: failed ? failureText(failed.failure, m) : undefined, reload };
}
