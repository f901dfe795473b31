import { describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../electron/core/engine/engine.js';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
const { attachIpc } = await import('../../electron/main/ipc.js');
const { INVOKE_CHANNEL, EVENT_CHANNEL } = await import('../../electron/contract/ipc-channels.js');

function fakeEngine() {
  let listener: ((name: string, payload: unknown) => void) | undefined;
  const engine = {
    dispatch: vi.fn(async (name: unknown) => ({ ok: true, value: name })),
    subscribe: vi.fn((fn: (name: string, payload: unknown) => void) => {
      listener = fn;
      return () => (listener = undefined);
    }),
  } as unknown as Engine;
  return { engine, emit: (name: string, payload: unknown) => listener?.(name, payload) };
}

describe('the IPC transport', () => {
  it('serves only the app’s own window showing the app’s own page', async () => {
    const window = new electron.BrowserWindow({});
    const { engine } = fakeEngine();
    attachIpc(engine, window as never, 'app://dingbridge/index.html');
    const handler = electron.ipcMain.handlers.get(INVOKE_CHANNEL);
    const own = { sender: window.webContents, senderFrame: { url: 'app://dingbridge/index.html#/log' } };
    expect(await handler?.(own, 'channels.list', undefined)).toEqual({ ok: true, value: 'channels.list' });
    const stranger = { sender: new electron.BrowserWindow({}).webContents, senderFrame: { url: 'app://dingbridge/index.html' } };
    expect(await handler?.(stranger, 'channels.list', undefined)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    for (const url of ['https://evil.example/', 'file:///app/index.html', 'app://dingbridge.evil/index.html', 'app://dingbridgex/']) {
      const elsewhere = { sender: window.webContents, senderFrame: { url } };
      expect(await handler?.(elsewhere, 'channels.list', undefined), url).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(engine.dispatch).toHaveBeenCalledTimes(1);
  });

  it('sends engine events and checked navigation events to the window, and detaches cleanly', () => {
    const window = new electron.BrowserWindow({});
    const { engine, emit } = fakeEngine();
    const ipc = attachIpc(engine, window as never, 'app://dingbridge/index.html');
    emit('pairing.changed', { channel: 'team' });
    ipc.send('app.navigate', { page: 'approvals' });
    expect(window.webContents.sent).toEqual([
      [EVENT_CHANNEL, 'pairing.changed', { channel: 'team' }],
      [EVENT_CHANNEL, 'app.navigate', { page: 'approvals' }],
    ]);
    expect(() => ipc.send('app.navigate', { page: 'nowhere' } as never)).toThrow(/does not match the contract/);
    ipc.detach();
    expect(electron.ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(false);
  });
});
