import { createContext, useContext, type ReactNode } from 'react';
import type { Api } from '../../../electron/contract/client';
import type { LinkStatus } from '../api';

const ApiContext = createContext<{ api: Api; link: LinkStatus } | undefined>(undefined);

export function ApiProvider({ api, link, children }: { api: Api; link: LinkStatus; children: ReactNode }) {
  return <ApiContext.Provider value={{ api, link }}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi needs an ApiProvider');
  return value.api;
}

export function useLinkStatus(): LinkStatus {
  return useContext(ApiContext)?.link ?? 'connecting';
}
