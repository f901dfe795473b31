import { execFile } from 'node:child_process';
import { AGENT_PRESETS, launchSpec } from './presets.js';
import { findCommand } from './find-command.js';
import { probeAgent } from './agent-probe.js';
import { AgentConfigSchema } from './agent-config.js';
import { installText } from './install-hint.js';
import type { AgentUsability, DetectedAgent } from './detected-agent.js';

export type { DetectedAgent } from './detected-agent.js';

/**
 * Per agent: its `--version` and its trial start run side by side, each given this long. Qwen Code alone takes
 * four to five seconds to start a session on a small machine, so less would call working agents broken.
 */
export const DETECT_TIMEOUT_MS = 10_000;

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

const RANK: Record<AgentUsability, number> = { usable: 0, 'needs-login': 1, broken: 2, 'not-installed': 3 };

/** Built in, so always there and always able to answer: the choice that is left when nothing else works. */
function demoAgent(): DetectedAgent {
  const demo = launchSpec(AgentConfigSchema.parse({ preset: 'demo' }), undefined);
  return { preset: 'demo', label: demo.label, command: '', installed: true, state: 'usable', install: installText(demo.install), installHint: demo.install };
}

/**
 * Which agents this machine has and whether each can answer: every installed preset is started once, as a
 * channel would start it, and stopped again. Usable ones first (real agents before the demo), then those that
 * need a login, then broken and missing ones, so the form and the first start can offer the first.
 */
export async function detectAgents(env: NodeJS.ProcessEnv = process.env, timeoutMs = DETECT_TIMEOUT_MS): Promise<DetectedAgent[]> {
  const found = await Promise.all(
    Object.values(AGENT_PRESETS).map(async (preset): Promise<DetectedAgent> => {
      const path = await findCommand(preset.command, env);
      const base = { preset: preset.id as DetectedAgent['preset'], label: preset.label, command: preset.command, install: installText(preset.install), installHint: preset.install };
      if (!path) return { ...base, installed: false, state: 'not-installed' };
      const launch = launchSpec(AgentConfigSchema.parse({ preset: preset.id }), undefined);
      const [version, probe] = await Promise.all([readVersion(path, env, timeoutMs), probeAgent(launch, { env, timeoutMs })]);
      return {
        ...base,
        installed: true,
        state: probe.state,
        ...(probe.reason ? { reason: probe.reason } : {}),
        ...(probe.problem ? { problem: probe.problem } : {}),
        ...(probe.state === 'needs-login' ? { login: preset.login } : {}),
        path,
        ...(version ? { version } : {}),
      };
    }),
  );
  return [...found, demoAgent()].sort((a, b) => RANK[a.state] - RANK[b.state] || Number(a.preset === 'demo') - Number(b.preset === 'demo'));
}
