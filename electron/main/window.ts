import { BrowserWindow, shell } from 'electron';

export interface MainWindowOptions {
  preload: string;
  /** The built window (a file) or the dev server (a URL). */
  page: { file: string } | { url: string };
  /** Whether closing should really close (the app is quitting) rather than hide to the tray. */
  quitting: () => boolean;
  show: boolean;
}

/** Opens only https links, in the user's browser; everything else stays out. */
export function openExternalSafely(url: string): void {
  if (/^https:\/\//i.test(url)) void shell.openExternal(url);
}

/** The app window, locked down: isolated, sandboxed, no Node, no navigation, no new windows. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1180,
    height: 780,
    minWidth: 820,
    minHeight: 560,
    show: options.show,
    title: 'Dingbridge',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  window.on('close', (event) => {
    if (options.quitting()) return;
    event.preventDefault();
    window.hide();
  });
  if ('file' in options.page) void window.loadFile(options.page.file);
  else void window.loadURL(options.page.url);
  return window;
}

export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
