import { createContext, useContext, useEffect } from 'react';

export interface Navigation {
  /**
   * Counts presses on the sidebar. A press on the page already open changes no address, so a page with views of
   * its own (a form, an import) watches this to go back to its start, as the user asked.
   */
  visits: number;
  /** Tells the sidebar that leaving now would lose unsaved edits, so it asks first. */
  setUnsaved: (unsaved: boolean) => void;
}

export const NavigationContext = createContext<Navigation>({ visits: 0, setUnsaved: () => undefined });

export const useNavigation = (): Navigation => useContext(NavigationContext);

/** While mounted with `unsaved`, leaving through the sidebar asks before discarding. */
export function useUnsavedChanges(unsaved: boolean): void {
  const { setUnsaved } = useNavigation();
  useEffect(() => {
    setUnsaved(unsaved);
    return () => setUnsaved(false);
  }, [unsaved, setUnsaved]);
}
