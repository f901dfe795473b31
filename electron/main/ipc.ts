import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Engine } from '../core/engine/engine.js';
import { checkEvent } from '../contract/dispatch.js';
import type { EventName, EventPayload } from '../contract/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../contract/ipc-channels.js';
import { isAppPage } from './app-scheme.js';

/** Only the app's own window, showing the app's own page (not one it was navigated to), may call the engine. */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow, pageUrl: string): boolean {
  if (event.sender !== window.webContents) return false;
  return isAppPage(event.senderFrame?.url ?? '', pageUrl);
}

/** The contract over Electron IPC: invokes checked by sender, events to the window. */
export function attachIpc(engine: Engine, window: BrowserWindow, pageUrl: string) {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event, window, pageUrl)) {
      return { ok: false, error: { code: 'unauthorized', message: 'This window may not use Dingbridge.' } };
    }
    return engine.dispatch(name, input);
  });
  const send = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, checkEvent(name, payload));
  };
  const stop = engine.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload);
  });
  return {
    send,
    detach() {
      stop();
      ipcMain.removeHandler(INVOKE_CHANNEL);
    },
  };
}
