import { app } from 'electron';
import { setLinuxAutostart } from '../core/desktop/autostart-linux.js';

export const APP_ID = 'app.dingbridge';

/** Start at login: the OS's login items on macOS and Windows, an XDG autostart entry on Linux. */
export async function setStartAtLogin(enabled: boolean): Promise<void> {
  if (process.platform === 'darwin' || process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
    return;
  }
  await setLinuxAutostart(enabled, { appId: APP_ID, name: 'Dingbridge', exec: process.env.APPIMAGE ?? process.execPath });
}
