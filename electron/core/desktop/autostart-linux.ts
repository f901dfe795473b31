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

// The Desktop Entry Specification's reserved characters, which force an Exec argument into double quotes.
// `=` (reserved in spec 0.9.x) and CR are added: any argument may be quoted, and quoting them costs nothing.
const RESERVED = /[ \t\n\r"'\\><~|&;$*?#()`=]/;

/**
 * One Exec argument as a launcher will read it back: field codes are expanded only after quotes are
 * undone, so `%` is doubled either way; the result still needs {@link stringValue} like any Exec value.
 */
export function execArgument(value: string): string {
  const literal = value.replace(/%/g, '%%');
  // An empty argument would vanish between the separating spaces unless it is quoted.
  if (literal !== '' && !RESERVED.test(literal)) return literal;
  return `"${literal.replace(/["`$\\]/g, '\\$&')}"`;
}

const STRING_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * A value of type string. Launchers undo these escapes before anything else (Exec quoting included),
 * so a raw newline cannot end the line early and a backslash meant for the quoting survives.
 */
export function stringValue(value: string): string {
  // Space after the `=` is ignored by readers, so a leading one has to be spelled `\s`.
  return value.replace(/[\\\n\t\r]/g, (char) => STRING_ESCAPES[char] ?? char).replace(/^ /, '\\s');
}

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
    `Name=${stringValue(options.name)}`,
    `Exec=${stringValue([options.exec, '--hidden'].map(execArgument).join(' '))}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `Comment=Connects DingTalk bots to the coding agents on this computer`,
    '',
  ].join('\n');
  await writeFile(file, entry, 'utf8');
}
