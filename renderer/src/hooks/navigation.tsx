import { createContext, useContext, useEffect } from 'react';

export interface Navigation {
  /**
   * Counts requests to open a page (the sidebar, the tray). One for the page already open changes no address, so a
   * page with views of its own (a form, an import) watches this to go back to its start, as the user asked.
   */
  visits: number;
  /** Tells the window that leaving now would lose unsaved edits, so every way of leaving asks first. */
  setUnsaved: (unsaved: boolean) => void;
}

export const NavigationContext = createContext<Navigation>({ visits: 0, setUnsaved: () => undefined });

export const useNavigation = (): Navigation => useContext(NavigationContext);

/** While mounted with `unsaved`, leaving (the sidebar, the tray, back and forward) asks before discarding. */
export function useUnsavedChanges(unsaved: boolean): void {
  const { setUnsaved } = useNavigation();
  useEffect(() => {
    setUnsaved(unsaved);
    return () => setUnsaved(false);
  }, [unsaved, setUnsaved]);
}
