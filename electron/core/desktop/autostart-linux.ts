import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface LinuxAutostartOptions {
  appId: string;
  name: string;
  /** The program to start: the AppImage when run as one, else the executable. */
  exec: string;
  env?: NodeJS.ProcessEnv;
}

/** Where desktop environments look for programs to start at login (XDG autostart). */
export function autostartFile(appId: string, env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(configHome, 'autostart', `${appId}.desktop`);
}

const quote = (value: string) => (/[\s"'\\$`]/.test(value) ? `"${value.replace(/(["\\$`])/g, '\\$1')}"` : value);

/** Turns start-at-login on (writes the .desktop entry, starting hidden in the tray) or off (removes it). */
export async function setLinuxAutostart(enabled: boolean, options: LinuxAutostartOptions): Promise<void> {
  const file = autostartFile(options.appId, options.env);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(join(file, '..'), { recursive: true });
  const entry = [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${options.name}`,
    `Exec=${quote(options.exec)} --hidden`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `Comment=Connects DingTalk bots to the coding agents on this computer`,
    '',
  ].join('\n');
  await writeFile(file, entry, 'utf8');
}
