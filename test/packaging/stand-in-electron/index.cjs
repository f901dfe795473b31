'use strict';
/**
 * A stand-in for the `electron` module, for booting the packaged main bundle under plain Node. It records what
 * the app asks of Electron and reports it to the test over the IPC channel of `child_process.fork`, and it keeps
 * the rules of Electron 41 that a packaged app can get wrong: privileged schemes only before `ready`; protocol
 * handlers, windows and trays only after it; safeStorage's Linux `basic_text` refusal unless plain text is
 * allowed; `app.exit` ending the process. The test drives it with messages: fetch a URL through the registered
 * scheme handler, invoke an IPC handler as a frame of the window, quit.
 *
 * launch.mjs starts it the way Electron starts an app. Environment: STAND_IN_USER_DATA (the userData folder), STAND_IN_KEYRING (safeStorage's backend, default
 * gnome_libsecret), STAND_IN_RESOURCES (process.resourcesPath).
 */
const { EventEmitter } = require('node:events');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const report = (event, detail = {}) => process.send?.({ type: 'record', event, detail });
const plain = (value) => JSON.parse(JSON.stringify(value ?? null));

process.resourcesPath = process.env.STAND_IN_RESOURCES;
process.type = 'browser';

let ready = false;
const mustBeReady = (what) => {
  if (!ready) throw new Error(`${what} cannot be used before app is ready`);
};

const app = new EventEmitter();
const paths = {
  userData: process.env.STAND_IN_USER_DATA,
  logs: join(process.env.STAND_IN_USER_DATA, 'logs'),
  home: process.env.HOME,
  temp: join(process.env.STAND_IN_USER_DATA, 'tmp'),
};
Object.assign(app, {
  name: 'Dingbridge',
  isPackaged: true,
  commandLine: { appendSwitch() {} },
  getName: () => 'Dingbridge',
  getVersion: () => '0.0.0-stand-in',
  getPreferredSystemLanguages: () => (process.env.STAND_IN_LANGUAGES ?? 'en-US').split(','),
  getPath: (name) => paths[name] ?? join(process.env.STAND_IN_USER_DATA, name),
  getAppPath: () => join(process.resourcesPath, 'app.asar'),
  isReady: () => ready,
  whenReady: () => new Promise((resolve) => (ready ? resolve() : app.once('ready', resolve))),
  requestSingleInstanceLock: () => {
    report('app.requestSingleInstanceLock');
    return true;
  },
  setAppUserModelId: (id) => report('app.setAppUserModelId', { id }),
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
  setLoginItemSettings: (settings) => report('app.setLoginItemSettings', plain(settings)),
  quit: () => {
    report('app.quit');
    const beforeQuit = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    app.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    app.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) process.exit(0);
  },
  exit: (code = 0) => {
    report('app.exit', { code });
    process.exit(code);
  },
});

const registeredSchemes = [];
const schemeHandlers = new Map();
const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    registeredSchemes.push(...schemes);
    report('protocol.registerSchemesAsPrivileged', { schemes: plain(schemes), beforeReady: true });
  },
  handle(scheme, handler) {
    mustBeReady('protocol.handle');
    if (schemeHandlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    schemeHandlers.set(scheme, handler);
    report('protocol.handle', { scheme });
  },
  unhandle: (scheme) => schemeHandlers.delete(scheme),
  isProtocolHandled: (scheme) => schemeHandlers.has(scheme),
};

const session = {
  permissionRequest: undefined,
  permissionCheck: undefined,
  setPermissionRequestHandler(handler) {
    this.permissionRequest = handler;
  },
  setPermissionCheckHandler(handler) {
    this.permissionCheck = handler;
  },
};

const windows = [];
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.session = session;
    this.url = '';
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  send(channel, ...args) {
    report('webContents.send', { channel, name: args[0] });
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
}
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    mustBeReady('BrowserWindow');
    this.webContents = new WebContents();
    this.visible = options.show !== false;
    const preload = options.webPreferences?.preload;
    windows.push(this);
    report('BrowserWindow', { options: plain(options), preloadExists: Boolean(preload && existsSync(preload)) });
  }
  static getAllWindows() {
    return windows;
  }
  loadURL(url) {
    this.webContents.url = url;
    report('BrowserWindow.loadURL', { url });
    return Promise.resolve();
  }
  loadFile(file) {
    this.webContents.url = require('node:url').pathToFileURL(file).href;
    report('BrowserWindow.loadFile', { file, url: this.webContents.url });
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
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

class NativeImage {
  constructor(path) {
    this.path = path;
  }
  isEmpty() {
    return !existsSync(this.path);
  }
  setTemplateImage() {}
}
const nativeImage = {
  createFromPath: (path) => {
    report('nativeImage.createFromPath', { path, exists: existsSync(path) });
    return new NativeImage(path);
  },
  createEmpty: () => new NativeImage(''),
};

class Tray extends EventEmitter {
  constructor(image) {
    super();
    mustBeReady('Tray');
    report('Tray', { icon: image.path, exists: existsSync(image.path) });
  }
  setImage(image) {
    report('Tray.setImage', { icon: image.path, exists: existsSync(image.path) });
  }
  setToolTip(text) {
    report('Tray.setToolTip', { text });
  }
  setContextMenu(menu) {
    report('Tray.setContextMenu', { labels: menu.template.map((item) => item.label ?? item.type) });
  }
}
const Menu = { buildFromTemplate: (template) => ({ template }), setApplicationMenu() {} };

class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    report('Notification.show', plain(this.options));
  }
}

const dialog = {
  showErrorBox: (title, content) => report('dialog.showErrorBox', { title, content, beforeReady: !ready }),
  showMessageBoxSync: (options) => {
    report('dialog.showMessageBoxSync', plain(options));
    return 0;
  },
};

const keyring = process.env.STAND_IN_KEYRING || 'gnome_libsecret';
let plainTextAllowed = false;
const safeStorage = {
  getSelectedStorageBackend: () => (ready ? keyring : 'unknown'),
  setUsePlainTextEncryption: (allowed) => {
    plainTextAllowed = allowed;
    report('safeStorage.setUsePlainTextEncryption', { allowed });
  },
  isEncryptionAvailable: () => ready && (keyring !== 'basic_text' || plainTextAllowed),
  encryptString(text) {
    mustBeReady('safeStorage');
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    }
    return Buffer.from(`v10${Buffer.from(text).toString('base64')}`);
  },
  decryptString(buffer) {
    mustBeReady('safeStorage');
    const text = buffer.toString();
    if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(3), 'base64').toString();
  },
};

const ipcHandlers = new Map();
const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel, handler) {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
    report('ipcMain.handle', { channel });
  },
  removeHandler: (channel) => ipcHandlers.delete(channel),
});

const shell = { openExternal: async (url) => report('shell.openExternal', { url }), openPath: async () => '' };
const clipboard = { writeText: (text) => report('clipboard.writeText', { text }) };
const powerMonitor = new EventEmitter();
const webContents = { getAllWebContents: () => windows.map((window) => window.webContents) };

/** Answers the test's requests: a URL through a scheme handler, an IPC invoke as a frame of the window. */
async function answer(message) {
  if (message.type === 'fetch') {
    const scheme = new URL(message.url).protocol.slice(0, -1);
    const handler = schemeHandlers.get(scheme);
    if (!handler) return { error: `no handler for ${scheme}:` };
    const response = await handler(new Request(message.url, { method: message.method ?? 'GET' }));
    return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()).toString('base64') };
  }
  if (message.type === 'invoke') {
    const handler = ipcHandlers.get(message.channel);
    if (!handler) return { error: `no handler for ${message.channel}` };
    const window = windows[0];
    const event = { sender: window?.webContents, senderFrame: { url: message.frameUrl ?? window?.webContents.url } };
    return { value: await handler(event, ...message.args) };
  }
  if (message.type === 'permission') {
    const granted = await new Promise((resolve) => session.permissionRequest?.(windows[0]?.webContents, message.permission, resolve, { requestingUrl: message.url, isMainFrame: true }));
    return { granted, checked: session.permissionCheck?.(windows[0]?.webContents, message.permission, message.origin, {}) ?? null };
  }
  if (message.type === 'second-instance') {
    app.emit('second-instance', {}, [], process.cwd());
    return { visible: windows.map((window) => window.visible) };
  }
  if (message.type === 'quit') {
    setImmediate(() => app.quit());
    return {};
  }
  return { error: `unknown request ${message.type}` };
}

process.on('message', (message) => {
  if (!message || typeof message.id !== 'number') return;
  answer(message).then(
    (result) => process.send?.({ type: 'answer', id: message.id, ...result }),
    (error) => process.send?.({ type: 'answer', id: message.id, error: String(error?.stack ?? error) }),
  );
});
process.on('uncaughtException', (error) => {
  report('uncaughtException', { message: String(error?.stack ?? error) });
  process.exit(70);
});
process.on('unhandledRejection', (error) => {
  report('unhandledRejection', { message: String(error?.stack ?? error) });
});

/** Called by the launcher once the entry point's module graph has run, as Electron does for an ESM main. */
function becomeReady() {
  ready = true;
  report('app.ready');
  app.emit('ready', {}, {});
}

exports.app = app;
exports.protocol = protocol;
exports.session = { defaultSession: session };
exports.BrowserWindow = BrowserWindow;
exports.webContents = webContents;
exports.nativeImage = nativeImage;
exports.Tray = Tray;
exports.Menu = Menu;
exports.Notification = Notification;
exports.dialog = dialog;
exports.safeStorage = safeStorage;
exports.ipcMain = ipcMain;
exports.shell = shell;
exports.clipboard = clipboard;
exports.powerMonitor = powerMonitor;
exports[Symbol.for('dingbridge.stand-in.ready')] = becomeReady;
