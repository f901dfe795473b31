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

/**
 * Dingbridge's file tools (the `dingbridge` MCP server of files-tool.ts, its tools in electron/mcp/files-server.ts) as
 * Qwen Code names them. Qwen Code 0.24 defers every MCP tool behind its `tool_search` / `tool_call` bridge, out of
 * the model's tool list; listed in `tools.visible` they are offered to the model as they are, like its own tools.
 */
export const QWEN_FILE_TOOLS = ['mcp__dingbridge__send_file', 'mcp__dingbridge__send_image'];

/**
 * Qwen Code 0.24 finds a session's MCP tools in the background, and in ACP nothing waits for them: the first
 * message of a session reaches the model before the file tools are there, and the model is never told of them.
 * This makes `session/new` wait until the session's MCP servers are ready (its own name for the older behaviour).
 */
const MCP_BLOCKING = 'QWEN_CODE_LEGACY_MCP_BLOCKING';

const FILE_NAME = 'qwen-system-defaults.json';

type Settings = Record<string, unknown>;

const isObject = (value: unknown): value is Settings => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The machine's `tools`, the file tools visible as well as any it makes visible itself. */
function toolsWithFileTools(machine: Settings): Settings {
  const tools = isObject(machine.tools) ? machine.tools : {};
  const visible = Array.isArray(tools.visible) ? tools.visible.filter((name) => typeof name === 'string') : [];
  return { ...tools, visible: [...new Set([...visible, ...QWEN_FILE_TOOLS])] };
}

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
 * (system defaults): the user's own settings, the project's and the machine's still decide (Qwen Code adds up the
 * layers' `tools.visible`, so none of them hides the file tools). The machine's defaults file is carried over into
 * the one written to `folder`; one this cannot read, or a defaults file someone already chose through
 * `QWEN_CODE_SYSTEM_DEFAULTS_PATH`, is left to Qwen Code as it is, as is everything when the file cannot be written.
 * Sessions wait for their MCP servers unless the environment already says whether they should.
 */
export function withQwenChatDefaults(base: AgentEnvProvider, folder: string): AgentEnvProvider {
  return async () => {
    const given = await base();
    const env = given[MCP_BLOCKING] === undefined ? { ...given, [MCP_BLOCKING]: '1' } : given;
    if (env.QWEN_CODE_SYSTEM_DEFAULTS_PATH) return env;
    const machine = await readMachineDefaults(machineDefaultsPath(env));
    if (!machine) return env;
    const ui = isObject(machine.ui) ? machine.ui : {};
    const file = join(folder, FILE_NAME);
    try {
      await makePrivateFolder(folder);
      const defaults = { ...machine, ui: { ...CHAT_DEFAULTS.ui, ...ui }, tools: toolsWithFileTools(machine) };
      await writeFileAtomic(file, `${JSON.stringify(defaults, null, 2)}\n`);
    } catch {
      // Not a need: the agent starts without these defaults, the file tools then reached through its tool_search.
      return env;
    }
    return { ...env, QWEN_CODE_SYSTEM_DEFAULTS_PATH: file };
  };
}
