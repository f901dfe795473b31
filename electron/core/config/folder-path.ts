import { z } from 'zod';

/** A full path on any system Dingbridge runs on: `/…`, `C:\…` or `C:/…`, `\\server\share…`. */
const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;
/** `~` alone or `~/…` (`~\…` on Windows): the user's home folder. */
export const HOME_RELATIVE = /^~(?:$|[\\/])/;

/**
 * A folder the window asks Dingbridge to create. Only a full path or one under `~` is taken: a relative path would
 * be resolved against wherever the engine happens to run, which the person typing it cannot see. Browser-safe
 * (no node imports), since the window checks its input with the same contract.
 */
export const FolderPathSchema = z
  .string({ error: 'must be a folder path' })
  .trim()
  .min(1, 'must not be empty')
  .max(4_096, 'must be at most 4096 characters')
  .refine((path) => !path.includes('\u0000'), { message: 'must not contain a NUL character', params: { code: 'bad_folder' } })
  .refine((path) => ABSOLUTE.test(path) || HOME_RELATIVE.test(path), {
    message: 'must be a full path (starting with / or a drive letter) or start with ~ for your home folder',
    params: { code: 'relative_folder' },
  });
