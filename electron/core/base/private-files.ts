import { chmod, mkdir } from 'node:fs/promises';

/** Folders only the user Dingbridge runs as may list or enter: they hold chats, files people sent and secrets. */
export const PRIVATE_FOLDER_MODE = 0o700;
/** Files only that user may read or write. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates a folder only its owner may enter, and makes one that already exists so: `mkdir`'s mode applies only to
 * a folder it creates, and one made by an older version, by hand or by another program may be open to every
 * local user.
 */
export async function makePrivateFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  await chmod(dir, PRIVATE_FOLDER_MODE);
}
