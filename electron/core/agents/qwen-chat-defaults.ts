import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../base/atomic-write.js';
import { makePrivateFolder } from '../base/private-files.js';
import type { AgentEnvProvider } from './agent-process.js';

/**
 * Qwen Code settings that serve only its own terminal: its follow-up suggestions ("what you might type next") go
 * to an input box a chat does not have, yet each costs a model call after every answer and competes with the
 * next turn for the model and the CPU.
 */
const CHAT_DEFAULTS = { ui: { enableFollowupSuggestions: false } };

const FILE_NAME = 'qwen-system-defaults.json';

type Settings = Record<string, unknown>;

const isObject = (value: unknown): value is Settings => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The machine's own defaults file, where Qwen Code looks for it when nothing points elsewhere. */
function machineDefaultsPath(env: NodeJS.ProcessEnv): string {
  const systemSettings =
    env.QWEN_CODE_SYSTEM_SETTINGS_PATH ??
    (process.platform === 'darwin'
      ? '/Library/Application Support/QwenCode/settings.json'
      : process.platform === 'win32'
        ? 'C:\\ProgramData\\qwen-code\\settings.json'
        : '/etc/qwen-code/settings.json');
  return join(dirname(systemSettings), 'system-defaults.json');
}

/** The machine's defaults: none when there is no file, undefined when there is one this cannot read as JSON. */
async function readMachineDefaults(path: string): Promise<Settings | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? {} : undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The environment a channel's Qwen Code starts with, its chat defaults added at the lowest of its settings layers
 * (system defaults): the user's own settings, the project's and the machine's still decide. The machine's defaults
 * file is carried over into the one written to `folder`; one this cannot read, or a defaults file someone already
 * chose through `QWEN_CODE_SYSTEM_DEFAULTS_PATH`, is left to Qwen Code as it is, as is everything when the file
 * cannot be written.
 */
export function withQwenChatDefaults(base: AgentEnvProvider, folder: string): AgentEnvProvider {
  return async () => {
    const env = await base();
    if (env.QWEN_CODE_SYSTEM_DEFAULTS_PATH) return env;
    const machine = await readMachineDefaults(machineDefaultsPath(env));
    if (!machine) return env;
    const ui = isObject(machine.ui) ? machine.ui : {};
    const file = join(folder, FILE_NAME);
    try {
      await makePrivateFolder(folder);
      await writeFileAtomic(file, `${JSON.stringify({ ...machine, ui: { ...CHAT_DEFAULTS.ui, ...ui } }, null, 2)}\n`);
    } catch {
      // A saving, not a need: the agent starts as it would without Dingbridge.
      return env;
    }
    return { ...env, QWEN_CODE_SYSTEM_DEFAULTS_PATH: file };
  };
}
