import { app } from 'electron';
import { setLinuxAutostart } from '../core/desktop/autostart-linux.js';

export const APP_ID = 'app.dingbridge';

/** The argument the Windows login item and the Linux autostart entry pass, so the app starts in the tray. */
export const HIDDEN_ARGUMENT = '--hidden';

/** Start at login: the OS's login items on macOS and Windows, an XDG autostart entry on Linux. */
export async function setStartAtLogin(enabled: boolean): Promise<void> {
  if (process.platform === 'darwin' || process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARGUMENT] });
    return;
  }
  await setLinuxAutostart(enabled, { appId: APP_ID, name: 'Dingbridge', exec: process.env.APPIMAGE ?? process.execPath });
}

/**
 * Whether this launch was the OS starting the app at login, so it should stay in the tray. macOS login items
 * ignore `args`, so there the OS is asked instead of the command line.
 */
export function launchedAtLogin(argv: readonly string[] = process.argv): boolean {
  if (argv.includes(HIDDEN_ARGUMENT)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
