import { app, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngine, type Engine } from '../core/engine/engine.js';
import { APP_VERSION } from '../core/base/version.js';
import { createFileLogger, logFilePath } from './logging.js';
import { SafeStorageSecretStore } from './secret-store.js';
import { ElectronConfigStore, ElectronSettingsStore } from './stores.js';
import { createMainWindow, showWindow } from './window.js';
import { attachIpc } from './ipc.js';
import { TrayController } from './tray.js';
import { resolveLanguage } from '../core/base/language.js';
import { ApprovalNotifier } from './notifications.js';
import { APP_ID, launchedAtLogin, setStartAtLogin } from './autostart.js';
import { registerAppScheme, serveAppScheme } from './app-scheme.js';
import { windowPageUrl } from './window-page.js';
import { failStartup } from './startup-failure.js';
import { desktopAgentEnv } from '../core/desktop/desktop-agent-env.js';
import { variablesSecretsReferTo } from '../core/config/secret-fields.js';
import { makePrivateFolder } from '../core/base/private-files.js';
import { reconnectOnResume } from './power.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(here, '../renderer');
const PRELOAD = join(here, '../preload/preload.cjs');
const RESOURCES = app.isPackaged ? process.resourcesPath : join(here, '../../resources');
/**
 * The agents' file tool. The app's own binary cannot run it (its runAsNode fuse is off), so it runs with the Node on
 * the agents' PATH, which every agent installed with npm has, from outside the archive, where Node can read it.
 */
const FILES_TOOL = { command: 'node', args: [join(here, '../mcp/send-files.js').replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')] };

/** The window, once there is one; a second launch during start-up asks for it to be shown when it comes. */
const shell = { window: undefined as BrowserWindow | undefined, showRequested: false, quitting: false };

function showMainWindow(): void {
  if (shell.window) showWindow(shell.window);
  else shell.showRequested = true;
}

/** Boots the desktop app: the engine, the window (hidden when started at login) and the tray. */
async function boot(): Promise<void> {
  const logger = createFileLogger();
  serveAppScheme(RENDERER_DIR);
  const dataDir = app.getPath('userData');
  // At every start: Electron makes userData with the default mode, which lets every local user read the chats in it.
  await makePrivateFolder(dataDir);
  const settings = new ElectronSettingsStore(dataDir);
  const configStore = new ElectronConfigStore();
  const agentEnv = desktopAgentEnv({ env: process.env, secretVariables: variablesSecretsReferTo(await configStore.read()), logger });
  const engine: Engine = await startEngine({
    dataDir,
    configStore,
    secrets: new SafeStorageSecretStore(),
    settings,
    mode: 'desktop',
    version: APP_VERSION,
    logger,
    setStartAtLogin,
    agentEnv,
    filesTool: FILES_TOOL,
  });
  const pageUrl = windowPageUrl(process.env, logger);
  const window: BrowserWindow = createMainWindow({
    preload: PRELOAD,
    pageUrl,
    quitting: () => shell.quitting,
    show: shell.showRequested || !launchedAtLogin(),
  });
  shell.window = window;
  const ipc = attachIpc(engine, window, pageUrl);
  const openApprovals = () => {
    showMainWindow();
    ipc.send('app.navigate', { page: 'approvals' });
  };
  const tray = new TrayController({
    resourcesDir: RESOURCES,
    actions: {
      open: showMainWindow,
      openApprovals,
      setChannelRunning: (name, running) => void (running ? engine.service.start(name) : engine.service.stop(name)),
      setStartAtLogin: (enabled) => void engine.dispatch('settings.set', { startAtLogin: enabled }),
      quit: () => app.quit(),
    },
  });
  const language = () => resolveLanguage(settings.get().language, app.getPreferredSystemLanguages());
  const notifier = new ApprovalNotifier(openApprovals, language);
  const refresh = () =>
    tray.update({
      channels: engine.service.channels(),
      pendingApprovals: engine.service.pairingRequests().length + engine.service.pendingPermissions().length,
      busySessions: engine.service.sessions().filter((session) => session.busy).length,
      startAtLogin: settings.get().startAtLogin,
      apiCallWarning: settings.get().apiCallWarning,
      language: language(),
    });
  engine.subscribe((name, payload) => {
    if (name === 'log.appended') return;
    if (name === 'pairing.changed') notifier.pairingRequests(engine.service.pairingRequests());
    if (name === 'permission.requested') notifier.permission(payload as Parameters<ApprovalNotifier['permission']>[0]);
    refresh();
  });
  settings.onChange = refresh;
  refresh();
  app.on('activate', showMainWindow);
  const stopReconnectingOnResume = reconnectOnResume(engine.service, logger);
  let engineClosed = false;
  app.on('will-quit', (event) => {
    if (engineClosed) return;
    event.preventDefault();
    ipc.detach();
    stopReconnectingOnResume();
    void engine.close().finally(() => {
      engineClosed = true;
      app.quit();
    });
  });
}

// Chromium fixes its list of privileged schemes at start-up: this must run before the app is ready.
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Before anything slow, so a second launch during start-up is never lost.
  app.on('second-instance', showMainWindow);
  app.on('before-quit', () => {
    shell.quitting = true;
  });
  app.setAppUserModelId(APP_ID);
  app.on('window-all-closed', () => undefined);
  void app
    .whenReady()
    .then(boot)
    .catch((error: unknown) => {
      createFileLogger().error('Dingbridge could not start', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      failStartup(error, logFilePath());
    });
}
