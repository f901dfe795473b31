import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, parse, relative, resolve, sep } from 'node:path';
import type { ConfigProblem } from './config-errors.js';

/** A path with its links followed, so a link to the home folder is seen for what it is; as written when it cannot be. */
function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** True when `inner` is `outer` or anywhere below it. */
function holds(outer: string, inner: string): boolean {
  const path = relative(outer, inner);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/**
 * Why an existing folder must not be an agent's working folder, if it must not: agents such as Qwen Code read any
 * file inside their folder without asking, so a folder that holds the home folder gives a chat user `~/.ssh`, and
 * one that holds the data folder gives them Dingbridge's secrets and every chat. A config read without a data folder
 * of its own (`dataDir` left out) is checked for the home folder and the top of the disk only.
 */
export function unsafeFolderProblem(path: string, folder: string, as: string, dataDir?: string): ConfigProblem | undefined {
  const real = realPath(folder);
  const home = realPath(homedir());
  const instead = 'choose a project folder for the agent instead, such as ~/projects/app';
  if (parse(real).root === real) {
    return { path, code: 'root_folder', value: folder, message: `${folder}${as} is the top of the disk, which holds every file on this computer; ${instead}` };
  }
  if (holds(real, home)) {
    const what = real === home ? 'is your home folder' : `holds your home folder (${home})`;
    return { path, code: 'home_folder', value: folder, message: `${folder}${as} ${what}, with your SSH keys and Dingbridge's own secrets; ${instead}` };
  }
  if (dataDir !== undefined && holds(real, realPath(dataDir))) {
    return {
      path,
      code: 'holds_data_folder',
      value: folder,
      message: `${folder}${as} holds Dingbridge's data folder (${dataDir}), with its secrets and every chat; ${instead}`,
    };
  }
  return undefined;
}
