import { spawn } from 'node:child_process';

/** Node's arguments that run the CLI from its sources. */
export const TSX = ['--import', 'tsx', 'electron/daemon/cli.ts'];

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from its sources to its end: its exit code and all it printed. */
export function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TSX, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
