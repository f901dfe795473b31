import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Ends a process and everything it started. Agents spawn tools, shells and language servers; killing only the
 * agent would leave those running. On POSIX the agent leads its own process group; on Windows taskkill /T.
 */
export async function killTree(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill());
    await exited;
    return;
  }
  if (!signalGroup(pid, 'SIGTERM')) child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!signalGroup(pid, 'SIGKILL')) child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
  // Children that ignored SIGTERM outlive their leader; the group is still addressable by the leader's pid.
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
