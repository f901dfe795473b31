import { BrowserWindow, shell } from 'electron';
import { isAppPage } from './app-scheme.js';

export interface MainWindowOptions {
  preload: string;
  /** The page: the app scheme, or the renderer's dev server in an unpacked build. */
  pageUrl: string;
  /** Whether closing should really close (the app is quitting) rather than hide to the tray. */
  quitting: () => boolean;
  show: boolean;
}

/**
 * The only permission the page gets: writing to the clipboard (its copy buttons), and only for the app's own
 * page. Everything else (camera, notifications, reading the clipboard …) stays denied.
 */
export function isAllowedPermission(permission: string, requestingUrl: string, pageUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppPage(requestingUrl, pageUrl);
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
  const session = window.webContents.session;
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isAllowedPermission(permission, details.requestingUrl, options.pageUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isAllowedPermission(permission, requestingOrigin, options.pageUrl));
  window.on('close', (event) => {
    if (options.quitting()) return;
    event.preventDefault();
    window.hide();
  });
  void window.loadURL(options.pageUrl);
  return window;
}

export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
