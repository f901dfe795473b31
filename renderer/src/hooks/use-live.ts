import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName } from '../../../electron/contract/names';
import { useApi } from './api-context';

export interface Live<T> {
  data: T | undefined;
  error: string | undefined;
  reload: () => void;
}

/**
 * Data from the engine kept fresh: fetched once, then again (coalesced) whenever one of `events` arrives.
 */
export function useLive<T>(fetch: () => Promise<T>, events: EventName[]): Live<T> {
  const api = useApi();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);

  const reload = useCallback(() => {
    fetchRef.current().then(
      (value) => {
        setData(value);
        setError(undefined);
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
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

  return { data, error, reload };
}
