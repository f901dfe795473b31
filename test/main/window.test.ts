import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
const { createMainWindow } = await import('../../electron/main/window.js');

beforeEach(() => {
  electron.BrowserWindow.created.length = 0;
  electron.shell.openExternal.mockClear();
});

describe('the main window', () => {
  it('is isolated, sandboxed and without Node, with the bundled preload', () => {
    createMainWindow({ preload: '/app/preload.cjs', page: { file: '/app/index.html' }, quitting: () => false, show: true });
    const [window] = electron.BrowserWindow.created;
    expect(window?.options.webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    });
    expect(window?.loaded).toBe('file:/app/index.html');
  });

  it('blocks navigation and new windows, opening only https links in the browser', () => {
    createMainWindow({ preload: 'p', page: { url: 'http://127.0.0.1:5173' }, quitting: () => false, show: true });
    const window = electron.BrowserWindow.created[0];
    const navigation = { preventDefault: vi.fn() };
    window?.webContents.emit('will-navigate', navigation, 'https://evil.example');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(window?.webContents.windowOpenHandler?.({ url: 'https://open-dev.dingtalk.com/' })).toEqual({ action: 'deny' });
    expect(window?.webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(window?.webContents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://open-dev.dingtalk.com/']]);
    const permission = vi.fn();
    window?.webContents.session.permissionHandler?.({}, 'camera', permission);
    expect(permission).toHaveBeenCalledWith(false);
  });

  it('hides instead of closing, unless the app is quitting', () => {
    let quitting = false;
    createMainWindow({ preload: 'p', page: { file: 'f' }, quitting: () => quitting, show: true });
    const window = electron.BrowserWindow.created[0];
    const close = { preventDefault: vi.fn() };
    window?.emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
    expect(window?.visible).toBe(false);
    quitting = true;
    const finalClose = { preventDefault: vi.fn() };
    window?.emit('close', finalClose);
    expect(finalClose.preventDefault).not.toHaveBeenCalled();
  });

  it('starts hidden when launched at login', () => {
    createMainWindow({ preload: 'p', page: { file: 'f' }, quitting: () => false, show: false });
    expect(electron.BrowserWindow.created[0]?.visible).toBe(false);
  });
});
