import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** The full path of `command` as the shell would find it on PATH (with PATHEXT on Windows), or undefined. */
export async function findCommand(command: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const extensions =
    process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  const candidates = isAbsolute(command) || command.includes('/') || command.includes('\\')
    ? extensions.map((ext) => command + ext)
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .flatMap((dir) => extensions.map((ext) => join(dir, command + ext)));
  for (const candidate of candidates) {
    try {
      await access(candidate, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
