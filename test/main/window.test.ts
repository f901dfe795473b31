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
    createMainWindow({ preload: '/app/preload.cjs', pageUrl: 'app://dingbridge/index.html', quitting: () => false, show: true });
    const [window] = electron.BrowserWindow.created;
    expect(window?.options.webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    });
    expect(window?.loaded).toBe('app://dingbridge/index.html');
  });

  it('blocks navigation and new windows, opening only https links in the browser', () => {
    createMainWindow({ preload: 'p', pageUrl: 'app://dingbridge/index.html', quitting: () => false, show: true });
    const window = electron.BrowserWindow.created[0];
    const navigation = { preventDefault: vi.fn() };
    window?.webContents.emit('will-navigate', navigation, 'https://evil.example');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(window?.webContents.windowOpenHandler?.({ url: 'https://open-dev.dingtalk.com/' })).toEqual({ action: 'deny' });
    expect(window?.webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(window?.webContents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://open-dev.dingtalk.com/']]);
  });

  it('lets only the app’s own page write to the clipboard (its copy buttons), and denies everything else', () => {
    createMainWindow({ preload: 'p', pageUrl: 'app://dingbridge/index.html', quitting: () => false, show: true });
    const session = electron.BrowserWindow.created[0]!.webContents.session;
    const ask = (permission: string, requestingUrl: string) => {
      const answer = vi.fn();
      session.permissionHandler?.({}, permission, answer, { requestingUrl, isMainFrame: true });
      return answer.mock.calls[0]?.[0];
    };
    expect(ask('clipboard-sanitized-write', 'app://dingbridge/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(ask('clipboard-sanitized-write', 'app://dingbridge.evil/')).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'notifications', 'openExternal', 'geolocation']) {
      expect(ask(permission, 'app://dingbridge/index.html'), permission).toBe(false);
    }
    expect(session.permissionCheck?.({}, 'clipboard-sanitized-write', 'app://dingbridge', {})).toBe(true);
    expect(session.permissionCheck?.({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
    expect(session.permissionCheck?.({}, 'clipboard-read', 'app://dingbridge', {})).toBe(false);
  });

  it('hides instead of closing, unless the app is quitting', () => {
    let quitting = false;
    createMainWindow({ preload: 'p', pageUrl: 'app://dingbridge/index.html', quitting: () => quitting, show: true });
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
    createMainWindow({ preload: 'p', pageUrl: 'app://dingbridge/index.html', quitting: () => false, show: false });
    expect(electron.BrowserWindow.created[0]?.visible).toBe(false);
  });
});
