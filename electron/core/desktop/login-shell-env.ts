import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { delimiter, sep } from 'node:path';

export interface LoginShellOptions {
  /** Defaults to `env.SHELL`. */
  shell?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

/** The PATH a terminal would have, or why it could not be read. */
export type LoginShellPath = { path: string; reason?: undefined } | { path: undefined; reason: string };

const DEFAULT_TIMEOUT_MS = 5_000;
const APPIMAGE_VARIABLES = ['APPDIR', 'APPIMAGE', 'ARGV0', 'OWD'];

/**
 * Asks the user's login shell for PATH. An app started from a launcher or Finder gets the session's minimal
 * PATH; agents installed with npm, Homebrew, nvm and the like are only on the PATH that shell profiles build.
 */
export function readLoginShellPath(options: LoginShellOptions = {}): Promise<LoginShellPath> {
  const platform = options.platform ?? process.platform;
  // Windows GUI apps inherit the full PATH from the registry; there is nothing to ask.
  if (platform === 'win32') return Promise.resolve({ path: undefined, reason: 'not needed on Windows' });
  const env = options.env ?? process.env;
  const shell = options.shell ?? (env.SHELL || (platform === 'darwin' ? '/bin/zsh' : '/bin/sh'));
  return runShell(shell, env, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

function runShell(shell: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<LoginShellPath> {
  // Split in two so that an rc file echoing commands (`set -x`, `setopt verbose`) never prints the marker whole.
  const [head, tail] = [`_DINGBRIDGE_${randomBytes(6).toString('hex')}`, `${randomBytes(6).toString('hex')}_`];
  const command = `printf '%s%s\\n%s\\n%s%s\\n' '${head}' '${tail}' "$PATH" '${head}' '${tail}'`;
  return new Promise((resolve) => {
    // Detached: a session of its own has no controlling terminal, so an interactive shell cannot stop on
    // terminal I/O, and the shell leads a process group that can be killed with whatever its rc files started.
    const child = spawn(shell, ['-i', '-l', '-c', command], {
      env: { ...env, DISABLE_AUTO_UPDATE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-500)));
    let settled = false;
    const finish = (result: LoginShellPath) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      const timedOut = { path: undefined, reason: `${shell} did not finish within ${timeoutMs} ms` };
      killGroup(child);
      // Something that left the group may still hold the pipes; nothing more is read from them.
      child.stdout.destroy();
      child.stderr.destroy();
      if (child.exitCode !== null || child.signalCode !== null) finish(timedOut);
      else child.once('exit', () => finish(timedOut));
    }, timeoutMs);
    child.once('error', (error) => finish({ path: undefined, reason: `could not start ${shell}: ${error.message}` }));
    child.once('close', (code, signal) => {
      if (code === 0) finish(pathBetweenMarkers(stdout, head + tail, shell));
      else finish({ path: undefined, reason: `${shell} ${code === null ? `was killed by ${signal}` : `exited with code ${code}`}${lastLine(stderr)}` });
    });
  });
}

function pathBetweenMarkers(stdout: string, marker: string, shell: string): LoginShellPath {
  const path = new RegExp(`${marker}\\n([^]*?)\\n${marker}`).exec(stdout)?.[1];
  return path ? { path } : { path: undefined, reason: `${shell} did not print PATH` };
}

function lastLine(stderr: string): string {
  const line = stderr.trim().split('\n').at(-1);
  return line ? `: ${line}` : '';
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * The environment agents inherit: the login shell's PATH first, then this process's own entries, and
 * nothing of the AppImage (its mount is gone once the app quits, and its libraries break other programs).
 */
export function agentEnvironment(base: NodeJS.ProcessEnv, loginPath?: string): NodeJS.ProcessEnv {
  const appDir = base.APPDIR?.replace(/[\\/]+$/, '');
  const ours = (entry: string) => !appDir || (entry !== appDir && !entry.startsWith(appDir + sep));
  const env = { ...base };
  for (const name of APPIMAGE_VARIABLES) delete env[name];
  setEntries(env, 'PATH', [...entries(loginPath), ...entries(base.PATH)].filter(ours));
  // Without an AppImage, LD_LIBRARY_PATH is the user's own business.
  if (appDir) setEntries(env, 'LD_LIBRARY_PATH', entries(base.LD_LIBRARY_PATH).filter(ours));
  return env;
}

function entries(list: string | undefined): string[] {
  return (list ?? '').split(delimiter).filter(Boolean);
}

function setEntries(env: NodeJS.ProcessEnv, name: string, list: string[]): void {
  if (list.length) env[name] = [...new Set(list)].join(delimiter);
  else delete env[name];
}
