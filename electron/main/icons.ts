import { join } from 'node:path';
import type { TrayState } from '../core/desktop/tray-model.js';

/** The tray icon file for a state: template images on macOS (the menu bar tints them), colour PNGs elsewhere. */
export function trayIconPath(resourcesDir: string, state: TrayState, platform: NodeJS.Platform = process.platform): string {
  return join(resourcesDir, 'tray', platform === 'darwin' ? `${state}Template.png` : `${state}.png`);
}
