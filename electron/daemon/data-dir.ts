import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readDaemonInfo } from './daemon-file.js';
import { registryDir, runningDataDirs } from './daemon-registry.js';
import { UsageError } from './usage-error.js';

/** The headless data folder: --data-dir, else $DINGBRIDGE_HOME, else ~/.dingbridge. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.DINGBRIDGE_HOME) return resolve(env.DINGBRIDGE_HOME);
  return join(env.HOME || homedir(), '.dingbridge');
}

/**
 * The data folder of the daemon a command should talk to. Told (`--data-dir`, `$DINGBRIDGE_HOME`), or the default
 * folder's daemon; when that one is not running, the only daemon running elsewhere. Several elsewhere: ask.
 */
export async function findDaemonDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, registry = registryDir(env)): Promise<{ dataDir: string; discovered: boolean }> {
  const told = flag || env.DINGBRIDGE_HOME;
  const dataDir = resolveDataDir(flag, env);
  if (told || (await readDaemonInfo(dataDir)).ok) return { dataDir, discovered: false };
  const running = (await runningDataDirs(registry)).filter((dir) => dir !== dataDir);
  if (running.length === 1) return { dataDir: running[0]!, discovered: true };
  if (running.length > 1) {
    throw new UsageError(`Several Dingbridge daemons are running; choose one with --data-dir:\n${running.map((dir) => `  ${dir}`).join('\n')}`);
  }
  return { dataDir, discovered: false };
}
