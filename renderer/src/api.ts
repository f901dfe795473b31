import { createClient, type Api, type Link } from '../../electron/contract/client';
import { EVENT_NAMES, type InvokeName } from '../../electron/contract/names';
import { wsLink, type WebSocketLike } from '../../electron/contract/ws-link';
import { WS_PATH } from '../../electron/contract/ws-protocol';

type Bridge = Record<string, (input?: unknown) => Promise<unknown>> & {
  on(event: string, listener: (payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    dingbridge?: Bridge;
  }
}

export type LinkStatus = 'connecting' | 'open' | 'closed';

/** The desktop app's preload bridge as a link. */
function bridgeLink(bridge: Bridge): Link {
  return {
    invoke: (name: InvokeName, input: unknown) => {
      const call = bridge[name];
      if (!call) return Promise.resolve({ ok: false, error: { code: 'unknown_operation', message: `There is no operation "${name}".` } });
      return call(input);
    },
    subscribe: (listener) => {
      const stops = EVENT_NAMES.map((event) => bridge.on(event, (payload) => listener(event, payload)));
      return () => stops.forEach((stop) => stop());
    },
  };
}

/**
 * The contract for this window: through Electron's preload when it is there, otherwise over the daemon's
 * WebSocket, which the browser opens with the cookie the daemon's link left. Both are the same typed, checked Api.
 */
export function connect(onStatus: (status: LinkStatus) => void): Api {
  if (window.dingbridge) {
    onStatus('open');
    return createClient(bridgeLink(window.dingbridge));
  }
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${WS_PATH}`;
  return createClient(wsLink(url, (address) => new WebSocket(address) as unknown as WebSocketLike, { reconnect: true, onStatus }));
}
