import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Navigation } from './navigation';
import { pageInAddress, placeEntry, placeOfEntry, pushEntry, restoreAddress } from './page-address';
import type { Page } from '../view-types';

export interface PageNavigation {
  page: Page;
  /** For the pages, through NavigationContext. */
  navigation: Navigation;
  /** Go to a page as a link does (the sidebar, the tray), asking first when that would lose unsaved edits. */
  request(page: Page): void;
  /** The page the window was asked to go to while there are unsaved edits: the question is open. */
  leaving?: Page;
  discard(): void;
  keep(): void;
}

/**
 * The page shown and every way of leaving it: the sidebar, the tray's "open …", and back and forward. Each asks
 * the same question when a page says leaving would lose its edits; back and forward are stepped back first,
 * since the browser has already moved when it says so.
 */
export function usePageNavigation(): PageNavigation {
  const [page, setPage] = useState<Page>(pageInAddress);
  const shown = useRef(page);
  const [visits, setVisits] = useState(0);
  const unsaved = useRef(false);
  // How far back or forward the browser went, when known, so that Discard can go on with that same move.
  const [leaving, setLeaving] = useState<{ page: Page; steps?: number }>();
  const place = useRef(0);
  // Set while the window steps the browser back onto the form, and when Discard lets a move through.
  const returning = useRef(false);
  const letThrough = useRef<Page | undefined>(undefined);

  const show = useCallback((target: Page) => {
    shown.current = target;
    setPage(target);
  }, []);

  const go = useCallback(
    (target: Page) => {
      unsaved.current = false;
      setLeaving(undefined);
      setVisits((n) => n + 1);
      if (pageInAddress() !== target) pushEntry(target, ++place.current);
      show(target);
    },
    [show],
  );

  const request = useCallback((target: Page) => (unsaved.current ? setLeaving({ page: target }) : go(target)), [go]);

  useEffect(() => {
    const here = placeOfEntry();
    if (here === undefined) placeEntry(place.current);
    else place.current = here;

    const onMove = () => {
      const target = pageInAddress();
      const at = placeOfEntry();
      // Every entry is placed when the tab first arrives on it, so one without a place is new: typed in, or a link.
      const arrive = () => {
        if (at === undefined) placeEntry(++place.current);
        else place.current = at;
      };
      if (returning.current) {
        // Wherever the step back landed, the form stays; it never steps again, so a wrong place cannot loop.
        returning.current = false;
        arrive();
        if (target !== shown.current) restoreAddress(shown.current, place.current);
        return;
      }
      if (target === shown.current || !unsaved.current || target === letThrough.current) {
        letThrough.current = undefined;
        arrive();
        show(target);
        return;
      }
      const steps = at === undefined ? 1 : at - place.current;
      if (steps) {
        returning.current = true;
        window.history.go(-steps);
      } else {
        restoreAddress(shown.current, place.current);
      }
      setLeaving(at === undefined ? { page: target } : { page: target, steps });
    };
    window.addEventListener('hashchange', onMove);
    return () => window.removeEventListener('hashchange', onMove);
  }, [show]);

  const discard = useCallback(() => {
    if (!leaving) return;
    if (!leaving.steps) return go(leaving.page);
    setLeaving(undefined);
    letThrough.current = leaving.page;
    window.history.go(leaving.steps);
  }, [leaving, go]);

  const keep = useCallback(() => setLeaving(undefined), []);
  const setUnsaved = useCallback((value: boolean) => {
    unsaved.current = value;
  }, []);
  const navigation = useMemo<Navigation>(() => ({ visits, setUnsaved }), [visits, setUnsaved]);
  return { page, navigation, request, leaving: leaving?.page, discard, keep };
}
