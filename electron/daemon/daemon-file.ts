import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/base/atomic-write.js';

const DaemonInfoSchema = z.object({ pid: z.number(), port: z.number(), token: z.string(), startedAt: z.number(), version: z.string() });
export type DaemonInfo = z.infer<typeof DaemonInfoSchema>;

const fileIn = (dataDir: string) => join(dataDir, 'daemon.json');

/** Tells the CLI where the running daemon listens and its token; readable only by its owner. */
export async function writeDaemonInfo(dataDir: string, info: DaemonInfo): Promise<void> {
  await writeFileAtomic(fileIn(dataDir), JSON.stringify(info, null, 2), 0o600);
}

export async function removeDaemonInfo(dataDir: string): Promise<void> {
  await rm(fileIn(dataDir), { force: true });
}

export const isProcessAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The running daemon of this data folder, or why there is none. */
export async function readDaemonInfo(dataDir: string): Promise<{ ok: true; info: DaemonInfo } | { ok: false; reason: string }> {
  let text: string;
  try {
    text = await readFile(fileIn(dataDir), 'utf8');
  } catch {
    return { ok: false, reason: `No Dingbridge daemon is running for ${dataDir}. Start one with: dingbridge serve --data-dir ${dataDir}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const parsed = DaemonInfoSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `${fileIn(dataDir)} is damaged; restart the daemon.` };
  if (!isProcessAlive(parsed.data.pid)) {
    return { ok: false, reason: `The Dingbridge daemon for ${dataDir} (pid ${parsed.data.pid}) is no longer running. Start it again with: dingbridge serve --data-dir ${dataDir}` };
  }
  return { ok: true, info: parsed.data };
}
