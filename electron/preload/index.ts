import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, INVOKE_NAMES, type EventName } from '../contract/names.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../contract/ipc-channels.js';

/** Exactly the contract: one function per operation and `on` for its events; nothing else of Electron. */
const api: Record<string, unknown> = Object.fromEntries(
  INVOKE_NAMES.map((name) => [name, (input?: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, name, input)]),
);

api.on = (event: EventName, listener: (payload: unknown) => void) => {
  if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`There is no event "${String(event)}".`);
  const handler = (_event: IpcRendererEvent, name: string, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => ipcRenderer.off(EVENT_CHANNEL, handler);
};

contextBridge.exposeInMainWorld('dingbridge', api);
