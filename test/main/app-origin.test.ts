import { describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../electron/core/engine/engine.js';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
const { attachIpc } = await import('../../electron/main/ipc.js');
const { isAppPage } = await import('../../electron/main/app-scheme.js');
const { INVOKE_CHANNEL } = await import('../../electron/contract/ipc-channels.js');

const DEV_PAGE = 'http://localhost:5173/';

describe('the app page’s origin', () => {
  it('is its scheme, host and port, as the URL parser reads them, whatever the path, query or fragment', () => {
    for (const url of ['app://dingbridge/index.html#/log', 'app://dingbridge', 'app://dingbridge/?x=1', 'app://dingbridge/assets/a.js']) {
      expect(isAppPage(url, 'app://dingbridge/index.html'), url).toBe(true);
    }
    for (const url of ['http://localhost:5173/#/log', 'http://localhost:5173', 'HTTP://LOCALHOST:5173/x']) expect(isAppPage(url, DEV_PAGE), url).toBe(true);
  });

  it('is not a look-alike: another host, port, scheme, user-info trick, or an address that only mentions it', () => {
    const lookalikes: Array<[string, string]> = [
      ['app://dingbridge.evil/index.html', 'app://dingbridge/index.html'],
      ['app://dingbridgex/', 'app://dingbridge/index.html'],
      ['app://evil/app://dingbridge/', 'app://dingbridge/index.html'],
      ['app://dingbridge:1/', 'app://dingbridge/index.html'],
      ['file:///app/index.html', 'app://dingbridge/index.html'],
      ['blob:app://dingbridge/9b1c', 'app://dingbridge/index.html'],
      ['about:blank', 'app://dingbridge/index.html'],
      ['', 'app://dingbridge/index.html'],
      ['http://localhost:51730/', DEV_PAGE],
      ['http://localhost:5173.evil.example/', DEV_PAGE],
      ['http://localhost:5173@evil.example/', DEV_PAGE],
      ['http://evil.example/http://localhost:5173/', DEV_PAGE],
      ['https://localhost:5173/', DEV_PAGE],
      ['ws://localhost:5173/', DEV_PAGE],
    ];
    for (const [url, page] of lookalikes) expect(isAppPage(url, page), url).toBe(false);
  });

  it('decides which frames of the window may call the engine over IPC', async () => {
    const window = new electron.BrowserWindow({});
    const engine = { dispatch: vi.fn(async () => ({ ok: true, value: null })), subscribe: vi.fn(() => () => undefined) } as unknown as Engine;
    const ipc = attachIpc(engine, window as never, DEV_PAGE);
    const handler = electron.ipcMain.handlers.get(INVOKE_CHANNEL);
    const from = (url: string) => handler?.({ sender: window.webContents, senderFrame: { url } }, 'app.status', undefined);
    expect(await from('http://localhost:5173/#/approvals')).toEqual({ ok: true, value: null });
    for (const url of ['http://localhost:5173@evil.example/', 'http://localhost:5173.evil.example/', 'http://127.0.0.1:5173/']) {
      expect(await from(url), url).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(await handler?.({ sender: window.webContents }, 'app.status', undefined)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    ipc.detach();
  });
});
