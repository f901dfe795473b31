import { chmod, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LaunchSpec } from '../../../electron/core/agents/presets.js';
import type { FilesToolLaunch } from '../../../electron/core/agents/files-tool.js';

const script = fileURLToPath(new URL('../../fakes/acp-agent/fake-agent.ts', import.meta.url));
// Absolute, because the agent runs in the channel's working folder, where `tsx` cannot be resolved by name.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How agents start Dingbridge's file tool from its source, as the shells start the built one. */
export function filesToolLaunch(): FilesToolLaunch {
  return { command: process.execPath, args: ['--import', tsxLoader, fileURLToPath(new URL('../../../electron/mcp/send-files.ts', import.meta.url))] };
}

/** How to start the scripted fake agent as a real subprocess; `FAKE_AGENT_MODE` in env picks its start-up behaviour. */
export function fakeAgentLaunch(env: Record<string, string> = {}): LaunchSpec {
  return {
    label: 'Fake agent',
    command: process.execPath,
    args: ['--import', tsxLoader, script],
    env,
    install: { code: 'check-command' },
  };
}

const quoted = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Installs the fake agent in `dir` as the command `name`, run by the `node` on its own PATH (a link in `dir`),
 * the way npm installs agents: found only by a PATH that holds `dir`. It records its PATH in `name.path`.
 * `env` is set by the command itself (a FAKE_AGENT_MODE per command, when several share one PATH).
 */
export async function installFakeAgentCommand(dir: string, name: string, env: Record<string, string> = {}): Promise<void> {
  const { args } = fakeAgentLaunch();
  await symlink(process.execPath, join(dir, 'node')).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const script = join(dir, name);
  const exports = Object.entries(env).map(([key, value]) => `export ${key}=${quoted(value)}\n`).join('');
  await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$PATH" > ${quoted(`${script}.path`)}\n${exports}exec node ${args.map(quoted).join(' ')} "$@"\n`);
  await chmod(script, 0o755);
}
