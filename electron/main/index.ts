import { app, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEngine, type Engine } from '../core/engine.js';
import { APP_VERSION } from '../core/version.js';
import { createFileLogger } from './logging.js';
import { SafeStorageSecretStore } from './secret-store.js';
import { ElectronConfigStore, ElectronSettingsStore } from './stores.js';
import { createMainWindow, showWindow } from './window.js';
import { attachIpc } from './ipc.js';
import { TrayController } from './tray.js';
import { ApprovalNotifier } from './notifications.js';
import { APP_ID, setStartAtLogin } from './autostart.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_HTML = join(here, '../renderer/index.html');
const PRELOAD = join(here, '../preload/preload.cjs');
const RESOURCES = app.isPackaged ? process.resourcesPath : join(here, '../../resources');

let quitting = false;

/** Boots the desktop app: one instance, the engine, the window (hidden when started at login) and the tray. */
async function boot(): Promise<void> {
  const logger = createFileLogger();
  const dataDir = app.getPath('userData');
  const settings = new ElectronSettingsStore(dataDir);
  const engine: Engine = await startEngine({
    dataDir,
    configStore: new ElectronConfigStore(),
    secrets: new SafeStorageSecretStore(),
    settings,
    mode: 'desktop',
    version: APP_VERSION,
    logger,
    setStartAtLogin,
  });
  const devServer = process.env.DINGBRIDGE_DEV_SERVER;
  const page = devServer ? { url: devServer } : { file: RENDERER_HTML };
  const pageUrl = devServer ?? pathToFileURL(RENDERER_HTML).href;
  const window: BrowserWindow = createMainWindow({ preload: PRELOAD, page, quitting: () => quitting, show: !process.argv.includes('--hidden') });
  const ipc = attachIpc(engine, window, () => pageUrl);
  const open = () => showWindow(window);
  const openApprovals = () => {
    open();
    ipc.send('app.navigate', { page: 'approvals' });
  };
  const tray = new TrayController({
    resourcesDir: RESOURCES,
    actions: {
      open,
      openApprovals,
      setChannelRunning: (name, running) => void (running ? engine.service.start(name) : engine.service.stop(name)),
      setStartAtLogin: (enabled) => void engine.dispatch('settings.set', { startAtLogin: enabled }),
      quit: () => app.quit(),
    },
  });
  const notifier = new ApprovalNotifier(openApprovals);
  const refresh = () =>
    tray.update({
      channels: engine.service.channels(),
      pendingApprovals: engine.service.pairingRequests().length + engine.service.pendingPermissions().length,
      busySessions: engine.service.sessions().filter((session) => session.busy).length,
      startAtLogin: settings.get().startAtLogin,
    });
  engine.subscribe((name, payload) => {
    if (name === 'log.appended') return;
    if (name === 'pairing.changed') notifier.pairingRequests(engine.service.pairingRequests());
    if (name === 'permission.requested') notifier.permission(payload as Parameters<ApprovalNotifier['permission']>[0]);
    refresh();
  });
  refresh();
  app.on('second-instance', open);
  app.on('activate', open);
  app.on('before-quit', () => {
    quitting = true;
  });
  let engineClosed = false;
  app.on('will-quit', (event) => {
    if (engineClosed) return;
    event.preventDefault();
    ipc.detach();
    void engine.close().finally(() => {
      engineClosed = true;
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId(APP_ID);
  app.on('window-all-closed', () => undefined);
  void app.whenReady().then(boot);
}
