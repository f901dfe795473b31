import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../../hooks/api-context';
import type { LogEvent } from '../../view-types';

export interface LogFilters {
  channel: string;
  conversationId: string;
  sender: string;
  kinds: Array<LogEvent['kind']>;
  text: string;
}

export const NO_FILTERS: LogFilters = { channel: '', conversationId: '', sender: '', kinds: [], text: '' };

const MAX_EVENTS = 100_000;

function matches(event: LogEvent, filters: LogFilters, words: string): boolean {
  const record = event as Record<string, unknown>;
  if (filters.channel && event.channel !== filters.channel) return false;
  if (filters.conversationId && record.conversationId !== filters.conversationId) return false;
  if (filters.sender && record.senderStaffId !== filters.sender && record.senderId !== filters.sender && record.staffId !== filters.sender) return false;
  if (filters.kinds.length && !filters.kinds.includes(event.kind)) return false;
  if (words && !JSON.stringify(event).toLowerCase().includes(words)) return false;
  return true;
}

/**
 * The log as the page shows it: the history the engine keeps, then every new event as it is appended,
 * batched per frame so a burst does not re-render the page hundreds of times; filtered in place.
 */
export function useLog(filters: LogFilters) {
  const api = useApi();
  const [events, setEvents] = useState<LogEvent[]>([]);
  const [loaded, setLoaded] = useState(false);
  const pending = useRef<LogEvent[]>([]);
  const frame = useRef<number | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    const flush = () => {
      frame.current = undefined;
      const batch = pending.current;
      pending.current = [];
      setEvents((previous) => {
        const known = previous.length ? previous[previous.length - 1]?.id ?? '' : '';
        const fresh = batch.filter((event) => event.id > known);
        if (!fresh.length) return previous;
        const next = previous.concat(fresh);
        return next.length > MAX_EVENTS ? next.slice(next.length - MAX_EVENTS) : next;
      });
    };
    const stop = api.on('log.appended', (event) => {
      pending.current.push(event);
      frame.current ??= requestAnimationFrame(flush);
    });
    void api['log.query']({ limit: MAX_EVENTS }).then((history) => {
      if (cancelled) return;
      setEvents((previous) => {
        const last = history.at(-1)?.id ?? '';
        return history.concat(previous.filter((event) => event.id > last));
      });
      setLoaded(true);
    });
    return () => {
      cancelled = true;
      stop();
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    };
  }, [api]);

  const words = filters.text.trim().toLowerCase();
  const shown = useMemo(() => {
    if (!filters.channel && !filters.conversationId && !filters.sender && !filters.kinds.length && !words) return events;
    return events.filter((event) => matches(event, filters, words));
  }, [events, filters, words]);

  const channels = useMemo(() => [...new Set(events.map((event) => event.channel))].sort(), [events]);
  return { events: shown, total: events.length, loaded, channels };
}
