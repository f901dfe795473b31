import { randomUUID } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from './daemon-file.js';

export const LOCK_FILE = 'daemon.lock';

/** Another daemon runs on the folder: a second would answer the same bots over again and write the same files. */
export class DataFolderBusyError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `Dingbridge is already running with the data folder ${dataDir} (pid ${pid}): a second one would answer the same bots twice and write the same files. ` +
        `Stop that one first, or give this one a data folder of its own with --data-dir. If no Dingbridge is running, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataFolderBusyError';
  }
}

/** The pid in a lock file; none when there is none or it does not read as one. */
async function holderOf(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** Makes `file` holding this process's pid, whole or not at all: a link fails where the file exists. */
async function claim(file: string): Promise<boolean> {
  // A name of its own for each attempt: two daemons started at once in one process must not share a draft.
  const draft = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, `${process.pid}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(draft, { force: true });
  }
}

/** Only while it names this process: one a later daemon took over after it was deleted is that daemon's. */
async function releaseIfOurs(file: string): Promise<void> {
  if ((await holderOf(file)) === process.pid) await rm(file, { force: true });
}

/**
 * Takes the data folder for this process, or throws `DataFolderBusyError` while another daemon holds it. Of two
 * daemons started at once only one gets it; one left by a daemon that died is taken over.
 */
export async function lockDataFolder(dataDir: string): Promise<{ release(): Promise<void> }> {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await claim(file)) return { release: () => releaseIfOurs(file) };
    const holder = await holderOf(file);
    // Also this process's own pid: a second daemon in it is as much a second daemon.
    if (holder !== undefined && isProcessAlive(holder)) throw new DataFolderBusyError(dataDir, holder);
    await rm(file, { force: true });
  }
  throw new Error(`Could not take the data folder ${dataDir}: ${file} came back each time it was cleared.`);
}
