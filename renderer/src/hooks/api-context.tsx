import { createContext, useContext, useState, type ReactNode } from 'react';
import type { Api } from '../../../electron/contract/client';
import type { LinkStatus } from '../api';

export interface LinkState {
  status: LinkStatus;
  /**
   * Whether the link has failed since it was last open. The WebSocket link says 'connecting' at every retry, so
   * without this the window would flip between "connecting" and "lost" while the daemon stays away.
   */
  lost: boolean;
  /** How often the link has opened again after failing: events sent meanwhile never arrive, so live data re-queries when it changes. */
  returns: number;
}

const ApiContext = createContext<{ api: Api; link: LinkState } | undefined>(undefined);

export function ApiProvider({ api, link, children }: { api: Api; link: LinkStatus; children: ReactNode }) {
  const [state, setState] = useState<LinkState>({ status: link, lost: link === 'closed', returns: 0 });
  // Derived while rendering rather than in an effect, so no render ever shows the new status with the old `lost`.
  if (state.status !== link) {
    setState({
      status: link,
      lost: link === 'open' ? false : state.lost || link === 'closed',
      returns: link === 'open' && state.lost ? state.returns + 1 : state.returns,
    });
  }
  return <ApiContext.Provider value={{ api, link: state }}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi needs an ApiProvider');
  return value.api;
}

export function useLinkStatus(): LinkStatus {
  return useContext(ApiContext)?.link.status ?? 'connecting';
}

export function useLink(): LinkState {
  return useContext(ApiContext)?.link ?? { status: 'connecting', lost: false, returns: 0 };
}

/**
 * Whether what the window shows is the engine's current state: false while the daemon is out of reach, when every
 * live state is unknown and every action would fail.
 */
export function useConnected(): boolean {
  return useLinkStatus() === 'open';
}
