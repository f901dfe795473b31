import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { trayModel, type TrayInput, type TrayMenuItem, type TrayModel } from '../core/desktop/tray-model.js';
import { trayIconPath } from './icons.js';

export interface TrayActions {
  open(): void;
  openApprovals(): void;
  setChannelRunning(name: string, running: boolean): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayControllerOptions {
  resourcesDir: string;
  actions: TrayActions;
  /** Injected so tests can watch the tray without a desktop. */
  createTray?: (iconPath: string) => Tray;
}

function menuTemplate(items: TrayMenuItem[], actions: TrayActions): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'open':
        return { label: item.label, click: () => actions.open() };
      case 'channel':
        return {
          label: item.label,
          submenu: [
            { label: item.start, enabled: !item.running, click: () => actions.setChannelRunning(item.name, true) },
            { label: item.stop, enabled: item.running, click: () => actions.setChannelRunning(item.name, false) },
          ],
        };
      case 'approvals':
        return { label: item.label, enabled: item.count > 0, click: () => actions.openApprovals() };
      case 'startAtLogin':
        return { label: item.label, type: 'checkbox', checked: item.checked, click: (menuItem) => actions.setStartAtLogin(menuItem.checked) };
      case 'separator':
        return { type: 'separator' };
      case 'quit':
        return { label: item.label, click: () => actions.quit() };
    }
  });
}

/** The tray icon: state icon, summary tooltip and menu, refreshed whenever the engine's state changes. */
export class TrayController {
  readonly tray: Tray;
  #model: TrayModel | undefined;

  constructor(private readonly options: TrayControllerOptions) {
    const initial = trayIconPath(options.resourcesDir, 'idle');
    this.tray = options.createTray ? options.createTray(initial) : new Tray(nativeImage.createFromPath(initial));
    // Linux app indicators do not deliver clicks on the icon: the menu is always there.
    this.tray.on('click', () => options.actions.open());
  }

  get model(): TrayModel | undefined {
    return this.#model;
  }

  update(input: TrayInput): void {
    const model = trayModel(input);
    if (model.state !== this.#model?.state) {
      const image = nativeImage.createFromPath(trayIconPath(this.options.resourcesDir, model.state));
      if (process.platform === 'darwin') image.setTemplateImage(true);
      this.tray.setImage(image);
    }
    this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model.menu, this.options.actions)));
    this.#model = model;
  }
}
