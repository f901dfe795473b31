import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** Stand-ins for the Electron APIs the shell uses, recording what it does with them. */

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: Array<[string, ...unknown[]]> = [];
  readonly session = {
    permissionHandler: undefined as undefined | ((...args: unknown[]) => void),
    permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
    setPermissionRequestHandler(handler: (...args: unknown[]) => void) {
      this.permissionHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
      this.permissionCheck = handler;
    },
  };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible: boolean;
  loaded: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    this.visible = options.show !== false;
    BrowserWindow.created.push(this);
  }
  loadFile(file: string) {
    this.loaded = `file:${file}`;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  hide() {
    this.visible = false;
  }
  show() {
    this.visible = true;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
}

export const shell = { openExternal: vi.fn(async () => undefined) };

/** Tests emit `resume` on it as the operating system does on waking from sleep. */
export const powerMonitor = new EventEmitter();

export const dialog = { showErrorBox: vi.fn() };

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: vi.fn(() => true),
  quit: vi.fn(),
  exit: vi.fn(),
  whenReady: vi.fn(() => new Promise<void>(() => undefined)),
  setAppUserModelId: vi.fn(),
  setLoginItemSettings: vi.fn(),
  getLoginItemSettings: vi.fn(() => ({ wasOpenedAtLogin: false })),
  getPath: vi.fn(() => '/tmp/dingbridge-user-data'),
});

const handlers = new Map<string, (...args: unknown[]) => unknown>();
export const ipcMain = {
  handlers,
  handle: vi.fn((channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler)),
  removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
};

/**
 * safeStorage as Electron 41 behaves on Linux: with the `basic_text` backend (no keyring) encryption is
 * unavailable, and encryptString throws, until plain-text encryption is allowed.
 */
export const safeStorage = {
  backend: 'gnome_libsecret' as string,
  plainTextAllowed: false,
  corrupt: new Set<string>(),
  setUsePlainTextEncryption: vi.fn((allowed: boolean) => {
    safeStorage.plainTextAllowed = allowed;
  }),
  isEncryptionAvailable: vi.fn(() => safeStorage.backend !== 'basic_text' || safeStorage.plainTextAllowed),
  getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
  encryptString: vi.fn((plain: string) => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    }
    return Buffer.from(`sealed:${[...plain].reverse().join('')}`);
  }),
  decryptString: vi.fn((sealed: Buffer) => {
    const text = sealed.toString();
    if (!text.startsWith('sealed:') || safeStorage.corrupt.has(text)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return [...text.replace(/^sealed:/, '')].reverse().join('');
  }),
};

export class FakeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage(value: boolean) {
    this.template = value;
  }
}
export const nativeImage = { createFromPath: (path: string) => new FakeImage(path) };

export class Tray extends EventEmitter {
  image: unknown;
  tooltip = '';
  menu: unknown;
  constructor(image: unknown) {
    super();
    this.image = image;
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(tooltip: string) {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
}

export const Menu = { buildFromTemplate: (template: unknown[]) => ({ template }) };

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static isSupported() {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    Notification.shown.push(this);
  }
}

export const contextBridge = { exposed: {} as Record<string, unknown>, exposeInMainWorld: vi.fn((key: string, value: unknown) => (contextBridge.exposed[key] = value)) };

const rendererListeners = new Set<(...args: unknown[]) => void>();
export const ipcRenderer = {
  invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })),
  on: vi.fn((_channel: string, listener: (...args: unknown[]) => void) => rendererListeners.add(listener)),
  off: vi.fn((_channel: string, listener: (...args: unknown[]) => void) => rendererListeners.delete(listener)),
  emit: (...args: unknown[]) => rendererListeners.forEach((listener) => listener({}, ...args)),
};
