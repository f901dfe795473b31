import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../base/logger.js';
import type { EventLog } from '../events/event-log.js';
import { makePrivateFolder } from '../base/private-files.js';

/**
 * Where the state of channels that left the settings without the window is set aside. No channel name starts with a
 * dot, so no channel's own state folder is ever this one.
 */
export const REMOVED_STATE_DIR = '.removed';

/** A channel's state set aside: whose it was, and where it is now (relative to the data folder), or why it could not be. */
export type ArchivedState = { name: string; folder: string } | { name: string; error: string };

/**
 * Sets aside the state of every channel the settings no longer name (one removed by editing the settings file by
 * hand, which the window never hears of) in `channels/.removed/<name>-<time>/`. Left in place, it would be inherited
 * by the next channel given that name, approvals and all; moved, not deleted, so a mistaken edit loses nothing.
 */
export async function archiveStateOfRemovedChannels(dataDir: string, names: Iterable<string>, now = Date.now()): Promise<ArchivedState[]> {
  const root = join(dataDir, 'channels');
  const kept = new Set([...names].map((name) => encodeURIComponent(name)));
  const entries = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const orphans = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !kept.has(entry.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  if (!orphans.length) return [];
  await makePrivateFolder(join(root, REMOVED_STATE_DIR));
  // Sortable, and a valid file name on every system (no ':').
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const archived: ArchivedState[] = [];
  for (const { name: folder } of orphans) {
    const to = `${folder}-${stamp}`;
    const name = channelNameOf(folder);
    try {
      await rename(join(root, folder), join(root, REMOVED_STATE_DIR, to));
      archived.push({ name, folder: ['channels', REMOVED_STATE_DIR, to].join('/') });
    } catch (error) {
      // A folder that cannot be moved keeps no channel from starting: it is said, and tried again when the settings are next applied.
      archived.push({ name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return archived;
}

/** Sets aside the state of channels the settings no longer name, and says so in the live log and Dingbridge's own log. */
export async function setAsideStateOfRemovedChannels(dataDir: string, names: Iterable<string>, log: EventLog, logger: Logger): Promise<void> {
  let archived: ArchivedState[];
  try {
    archived = await archiveStateOfRemovedChannels(dataDir, names);
  } catch (error) {
    logger.error('Could not set aside the state of channels no longer in the settings', { error: String(error) });
    return;
  }
  for (const entry of archived) {
    if ('folder' in entry) {
      logger.warn(`Channel "${entry.name}" is no longer in the settings: its approvals, pairing requests and sessions were moved to ${entry.folder} in the data folder`);
      log.append({ kind: 'channel.archived', channel: entry.name, folder: entry.folder });
    } else {
      const message = `The state of channel "${entry.name}", no longer in the settings, could not be set aside: ${entry.error}`;
      logger.error(message);
      log.append({ kind: 'error', channel: entry.name, message, reason: 'state-not-set-aside', detail: entry.error });
    }
  }
}

/** The channel a state folder was named for; a folder no channel made (one put there by hand) keeps its own name. */
function channelNameOf(folder: string): string {
  try {
    return decodeURIComponent(folder);
  } catch {
    return folder;
  }
}
