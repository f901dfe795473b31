import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The headless data folder: --data-dir, else $DINGBRIDGE_HOME, else ~/.dingbridge. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.DINGBRIDGE_HOME) return resolve(env.DINGBRIDGE_HOME);
  return join(homedir(), '.dingbridge');
}
