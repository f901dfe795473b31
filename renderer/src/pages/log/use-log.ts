import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi, useLink } from '../../hooks/api-context';
import { isDisconnected } from '../../hooks/use-live';
import type { LogEvent } from '../../view-types';
import { NO_EVENTS, withAppended, withHistory, type HeldEvents } from './held-events';
import { filterEvents, type Filtered } from './filtered-events';
import { describedText } from './describe-event';
import { useMessages } from '../../i18n/i18n';
import type { Messages } from '../../i18n/en';

export interface LogFilters {
  channel: string;
  conversationId: string;
  sender: string;
  kinds: Array<LogEvent['kind']>;
  text: string;
}

export const NO_FILTERS: LogFilters = { channel: '', conversationId: '', sender: '', kinds: [], text: '' };

const MAX_EVENTS = 100_000;

/** A search finds what the event holds, and also what its row says in the language on screen. */
function matches(event: LogEvent, filters: LogFilters, words: string, m: Messages): boolean {
  const record = event as Record<string, unknown>;
  if (filters.channel && event.channel !== filters.channel) return false;
  if (filters.conversationId && record.conversationId !== filters.conversationId) return false;
  if (filters.sender && record.senderStaffId !== filters.sender && record.senderId !== filters.sender && record.staffId !== filters.sender) return false;
  if (filters.kinds.length && !filters.kinds.includes(event.kind)) return false;
  if (words && !JSON.stringify(event).toLowerCase().includes(words) && !describedText(event, m).includes(words)) return false;
  return true;
}

/**
 * The log as the page shows it: the history the engine keeps, then every new event as it is appended,
 * batched per frame so a burst does not re-render the page hundreds of times; filtered in place. When the link
 * to the engine comes back the history is read again, for the events appended while the window could not hear.
 */
export function useLog(filters: LogFilters) {
  const api = useApi();
  const { returns } = useLink();
  const m = useMessages();
  const [held, setHeld] = useState<HeldEvents>(NO_EVENTS);
  const [loaded, setLoaded] = useState(false);
  const pending = useRef<LogEvent[]>([]);
  const frame = useRef<number | undefined>(undefined);
  const filtered = useRef<Filtered | undefined>(undefined);
  const filteredIn = useRef(m);

  useEffect(() => {
    const flush = () => {
      frame.current = undefined;
      const batch = pending.current;
      pending.current = [];
      setHeld((previous) => withAppended(previous, batch, MAX_EVENTS));
    };
    const stop = api.on('log.appended', (event) => {
      pending.current.push(event);
      frame.current ??= requestAnimationFrame(flush);
    });
    return () => {
      stop();
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    };
  }, [api]);

  useEffect(() => {
    let cancelled = false;
    void api['log.query']({ limit: MAX_EVENTS }).then(
      (history) => {
        if (cancelled) return;
        setHeld((previous) => withHistory(previous, history));
        setLoaded(true);
      },
      (failure: unknown) => {
        // A read cut off by the link is made again when it returns; anything else stays as loud as it was.
        if (!isDisconnected(failure)) throw failure;
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, returns]);

  const { events, perChannel } = held;
  const words = filters.text.trim().toLowerCase();
  const shown = useMemo(() => {
    if (!filters.channel && !filters.conversationId && !filters.sender && !filters.kinds.length && !words) return events;
    // Rows read differently in another language, so what a search matched before is no guide.
    if (filteredIn.current !== m) filtered.current = undefined;
    filteredIn.current = m;
    filtered.current = filterEvents(filtered.current, JSON.stringify([filters, words]), events, (event) => matches(event, filters, words, m));
    return filtered.current.shown;
  }, [events, filters, words, m]);

  const channels = useMemo(() => [...perChannel.keys()].sort(), [perChannel]);
  return { events: shown, total: events.length, loaded, channels };
}
