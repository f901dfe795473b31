import { execFile } from 'node:child_process';
import { AGENT_PRESETS } from './presets.js';
import { findCommand } from './find-command.js';
import type { AgentPresetId } from './agent-config.js';

export interface DetectedAgent {
  preset: Exclude<AgentPresetId, 'custom'>;
  label: string;
  command: string;
  installed: boolean;
  path?: string;
  version?: string;
  install: string;
}

/** Reads a program's `--version`, giving up after a few seconds: a version is nice to show, never worth a hang. */
function readVersion(path: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { env, timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      const text = `${stdout}\n${stderr}`;
      const version = text.match(/\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?/)?.[0];
      resolve(error && !version ? undefined : version);
    });
  });
}

/** Which preset agents this machine has, with their versions, installed ones first, so the form can offer them. */
export async function detectAgents(env: NodeJS.ProcessEnv = process.env, timeoutMs = 5_000): Promise<DetectedAgent[]> {
  const found = await Promise.all(
    Object.values(AGENT_PRESETS).map(async (preset): Promise<DetectedAgent> => {
      const path = await findCommand(preset.command, env);
      const base = { preset: preset.id as DetectedAgent['preset'], label: preset.label, command: preset.command, install: preset.install };
      if (!path) return { ...base, installed: false };
      const version = await readVersion(path, env, timeoutMs);
      return { ...base, installed: true, path, ...(version ? { version } : {}) };
    }),
  );
  return found.sort((a, b) => Number(b.installed) - Number(a.installed));
}
