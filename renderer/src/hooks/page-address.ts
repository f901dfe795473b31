import type { Page } from '../view-types';

export const PAGES: Page[] = ['channels', 'simulator', 'log', 'approvals', 'sessions', 'settings'];

/** The page the address names (`#/log`), the channels when it names none. */
export function pageInAddress(): Page {
  const name = window.location.hash.replace(/^#\/?/, '') as Page;
  return PAGES.includes(name) ? name : 'channels';
}

/**
 * Each history entry the window made carries its place in the tab's history, so that when back or forward has
 * to be undone (edits would be lost) the window knows how many steps to go, and in which direction.
 */
interface Placed {
  dingbridgePlace: number;
}

/** The place of the entry the tab is on; none for an address typed in or an entry from before the window. */
export function placeOfEntry(): number | undefined {
  const state: unknown = window.history.state;
  const place = (state as Partial<Placed> | null)?.dingbridgePlace;
  return typeof place === 'number' ? place : undefined;
}

export function placeEntry(place: number): void {
  window.history.replaceState({ dingbridgePlace: place } satisfies Placed, '');
}

export function pushEntry(page: Page, place: number): void {
  window.history.pushState({ dingbridgePlace: place } satisfies Placed, '', `#/${page}`);
}

/** Puts the address back to `page` without a new entry, for when the tab moved in a way that cannot be stepped back. */
export function restoreAddress(page: Page, place: number): void {
  window.history.replaceState({ dingbridgePlace: place } satisfies Placed, '', `#/${page}`);
}
