import { statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError, type ConfigProblem } from './config-errors.js';
import { HOME_RELATIVE } from './folder-path.js';
import { unsafeFolderProblem } from './unsafe-folder.js';

/** `~` and relative folders become absolute, so the agent always starts where the user meant. */
export function resolveFolder(folder: string, base: string = homedir()): string {
  if (folder === '~') return homedir();
  if (folder.startsWith('~/') || folder.startsWith('~\\')) return join(homedir(), folder.slice(2));
  return isAbsolute(folder) ? folder : resolve(base, folder);
}

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Why a channel's working folder cannot be used, if it cannot: it is missing, or it would show the agent what it
 * must not see (see `unsafeFolderProblem`). Checked when the settings are read, not when the agent starts: by then
 * the only sign would be an agent that fails to start with ENOENT, long after saving.
 */
export function folderProblem(path: string, written: string, dataDir?: string): ConfigProblem | undefined {
  const folder = resolveFolder(written);
  const as = folder === written ? '' : ` (written as "${written.length > 60 ? `${written.slice(0, 60)}…` : written}")`;
  if (folder.includes('\u0000')) return { path, code: 'bad_folder', message: 'must be a folder path without a NUL character' };
  try {
    if (statSync(folder).isDirectory()) return unsafeFolderProblem(path, folder, as, dataDir);
    return { path, code: 'not_a_folder', value: folder, message: `${folder}${as} is a file, not a folder; choose a folder` };
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ENOENT' || errno === 'ENOTDIR') {
      return { path, code: 'folder_missing', value: folder, message: `the folder ${folder}${as} does not exist; create it, or choose another folder` };
    }
    const why = errno === 'EACCES' || errno === 'EPERM' ? 'permission denied' : (errno ?? String(error));
    return { path, code: 'folder_unusable', value: folder, message: `the folder ${folder}${as} cannot be used (${why})` };
  }
}

/**
 * A simulator channel's working folder when none is written, made on its first start, so trying Dingbridge needs no
 * project. It lies inside the data folder, and so does not hold it: `unsafeFolderProblem` lets it be.
 */
export function workspaceFolder(dataDir: string, channel: string): string {
  return join(dataDir, 'workspaces', encodeURIComponent(channel));
}

/**
 * Creates a folder the operator typed (`mkdir -p`), for the form's "Create this folder". Only a full path, or one
 * under `~` that stays in the home folder. The contract is reachable only by the app's own window or a page holding
 * the daemon's token, so creating a folder wherever that person may is no more than they could do in a terminal.
 */
export async function createFolder(written: string): Promise<{ path: string; created: boolean }> {
  const refuse = (problem: Omit<ConfigProblem, 'path'>): never => {
    throw new ConfigError([{ path: 'path', ...problem }]);
  };
  if (written.includes('\u0000')) refuse({ code: 'bad_folder', message: 'must not contain a NUL character' });
  const underHome = HOME_RELATIVE.test(written);
  // The contract's check knows every system's full paths; this one knows which of them this system takes.
  if (!underHome && !isAbsolute(written)) {
    refuse({ code: 'relative_folder', message: 'must be a full path (starting with / or a drive letter) or start with ~ for your home folder' });
  }
  const folder = resolveFolder(written);
  const fromHome = relative(homedir(), folder);
  if (underHome && (fromHome.startsWith('..') || isAbsolute(fromHome))) {
    refuse({ code: 'outside_home', value: folder, message: `starts with ~ but leads out of your home folder (to ${folder}); write the full path instead` });
  }
  let first: string | undefined;
  try {
    first = await mkdir(folder, { recursive: true });
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'EEXIST' || errno === 'ENOTDIR') refuse({ code: 'not_a_folder', value: folder, message: `${folder} cannot be created: a file is in the way` });
    if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS') {
      refuse({ code: 'folder_not_created', value: folder, message: `${folder} cannot be created (${errno === 'EROFS' ? 'read-only file system' : 'permission denied'})` });
    }
    refuse({ code: 'folder_not_created', value: folder, message: `${folder} cannot be created: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (!(await stat(folder)).isDirectory()) refuse({ code: 'not_a_folder', value: folder, message: `${folder} is a file, not a folder` });
  return { path: folder, created: first !== undefined };
}
