import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/base/atomic-write.js';
import { isProcessAlive } from './daemon-file.js';

/**
 * Which data folders have a daemon running, so `dingbridge status` finds one started with `--data-dir` elsewhere
 * without being told. Kept in the user's own home (never a shared temp folder another user could write to), one
 * small file per running daemon, removed when it stops; a file whose process is gone is ignored and cleaned up.
 */
const EntrySchema = z.object({ pid: z.number(), dataDir: z.string() });

export function registryDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME || homedir(), '.dingbridge', 'running');
}

const entryFile = (dir: string, pid: number, dataDir: string) =>
  join(dir, `${pid}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}.json`);

export async function registerRunningDaemon(dataDir: string, dir = registryDir()): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = entryFile(dir, process.pid, dataDir);
  await writeFileAtomic(file, JSON.stringify({ pid: process.pid, dataDir }), 0o600);
  return () => rm(file, { force: true });
}

/** The data folders of the daemons running now, oldest registration order not guaranteed. */
export async function runningDataDirs(dir = registryDir()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const found = new Set<string>();
  for (const name of names.filter((entry) => entry.endsWith('.json'))) {
    const file = join(dir, name);
    const parsed = EntrySchema.safeParse(await readFile(file, 'utf8').then(JSON.parse, () => undefined).catch(() => undefined));
    if (parsed.success && isProcessAlive(parsed.data.pid)) found.add(parsed.data.dataDir);
    else await rm(file, { force: true });
  }
  return [...found];
}
