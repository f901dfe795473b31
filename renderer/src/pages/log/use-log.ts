import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi, useLink } from '../../hooks/api-context';
import { isDisconnected } from '../../hooks/use-live';
import type { LogEvent } from '../../view-types';
import { eventCount, StoryBook } from './log-stories';
import { showStories, type ShownStories } from './shown-stories';
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
/** What the engine keeps in memory: shown while the rest of the history is read from disk. */
const FIRST_PAGE = 2_000;

/** Where a row's message came from: the channel, the conversation and the sender the filters name. */
function placeMatches(head: LogEvent, filters: LogFilters): boolean {
  const record = head as Record<string, unknown>;
  if (filters.channel && head.channel !== filters.channel) return false;
  if (filters.conversationId && record.conversationId !== filters.conversationId) return false;
  if (filters.sender && record.senderStaffId !== filters.sender && record.senderId !== filters.sender && record.staffId !== filters.sender) return false;
  return true;
}

/** A search finds what the event holds, and also what its row says in the language on screen. */
function eventMatches(event: LogEvent, filters: LogFilters, words: string, m: Messages): boolean {
  if (filters.kinds.length && !filters.kinds.includes(event.kind)) return false;
  if (words && !JSON.stringify(event).toLowerCase().includes(words) && !describedText(event, m).includes(words)) return false;
  return true;
}

/**
 * The log as the page shows it: the history the engine keeps, then every new event as it is appended,
 * batched per frame so a burst does not re-render the page hundreds of times, told as one row per message
 * (see `StoryBook`) and filtered in place. When the link to the engine comes back the history is read again,
 * for the events appended while the window could not hear.
 */
export function useLog(filters: LogFilters) {
  const api = useApi();
  const { returns } = useLink();
  const m = useMessages();
  // The rows are built outside React's state: a batch changes them once, however often React calls an updater.
  const book = useRef(new StoryBook(MAX_EVENTS));
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  /** False while the history older than the first page is still on its way. */
  const [complete, setComplete] = useState(false);
  const pending = useRef<LogEvent[]>([]);
  /** What arrived since the history was asked for, which the history may not have. */
  const sinceQuery = useRef<LogEvent[] | undefined>(undefined);
  const frame = useRef<number | undefined>(undefined);
  const filtered = useRef<ShownStories | undefined>(undefined);
  const filteredIn = useRef(m);

  useEffect(() => {
    const flush = () => {
      frame.current = undefined;
      const batch = pending.current;
      pending.current = [];
      sinceQuery.current?.push(...batch);
      book.current.add(batch);
      setVersion(book.current.version);
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
    let whole = false;
    sinceQuery.current = [];
    setComplete(false);
    const show = (history: LogEvent[]) => {
      const last = history.at(-1)?.id ?? '';
      const since = (sinceQuery.current ?? []).filter((event) => event.id > last);
      book.current.reset(history.concat(since));
      setVersion(book.current.version);
      setLoaded(true);
    };
    // A read cut off by the link is made again when it returns; anything else stays as loud as it was.
    const failed = (failure: unknown) => {
      if (!isDisconnected(failure)) throw failure;
    };
    // The newest events come from the engine's memory at once; the whole history, read from its files, follows.
    void api['log.query']({ limit: FIRST_PAGE, contextOnce: true }).then((newest) => {
      if (!cancelled && !whole) show(newest);
    }, failed);
    void api['log.query']({ limit: MAX_EVENTS, contextOnce: true }).then((history) => {
      if (cancelled) return;
      whole = true;
      show(history);
      sinceQuery.current = undefined;
      setComplete(true);
    }, failed);
    return () => {
      cancelled = true;
    };
  }, [api, returns]);

  const words = filters.text.trim().toLowerCase();
  const unfiltered = !filters.channel && !filters.conversationId && !filters.sender && !filters.kinds.length && !words;
  const stories = useMemo(() => {
    const all = book.current;
    if (unfiltered) {
      all.trim(all.changesBefore + all.changes.length);
      return all.rows;
    }
    // Rows read differently in another language, so what a search matched before is no guide.
    if (filteredIn.current !== m) filtered.current = undefined;
    filteredIn.current = m;
    filtered.current = showStories(filtered.current, JSON.stringify([filters, words]), all, {
      place: (head) => placeMatches(head, filters),
      event: (event) => eventMatches(event, filters, words, m),
    });
    all.trim(filtered.current.taken);
    return filtered.current.stories;
    // `version` is what says the rows changed in place.
  }, [version, unfiltered, filters, words, m]);
  const shownEvents = useMemo(() => (unfiltered ? book.current.events : stories.reduce((sum, story) => sum + eventCount(story), 0)), [unfiltered, stories, version]);

  const channels = useMemo(() => [...book.current.perChannel.keys()].sort(), [version]);
  return { stories, events: shownEvents, version, loaded, complete, channels };
}
