import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The folder a channel keeps its state in: approvals and pairing requests, sessions, replies waiting, files people sent. */
export function channelStateDir(dataDir: string, name: string): string {
  return join(dataDir, 'channels', encodeURIComponent(name));
}

/**
 * Deletes a removed channel's state. Kept, it would be inherited by the next channel given the same name: the people
 * approved for the old bot would be let in by the new one.
 */
export async function removeChannelState(dataDir: string, name: string): Promise<void> {
  await rm(channelStateDir(dataDir, name), { recursive: true, force: true });
}

/** Moves a renamed channel's state to its new name: it is still the same bot, with the same people approved. */
export async function moveChannelState(dataDir: string, from: string, to: string): Promise<void> {
  // Whatever lies under the new name is no channel's any more (one removed by editing the settings file by hand).
  await removeChannelState(dataDir, to);
  await rename(channelStateDir(dataDir, from), channelStateDir(dataDir, to)).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
}
