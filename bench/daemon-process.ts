import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The built CLI: `serve`, and the commands that talk to a running daemon. */
export const CLI = fileURLToPath(new URL('../dist/daemon/cli.js', import.meta.url));
const WINDOW = fileURLToPath(new URL('../dist/renderer/index.html', import.meta.url));
/** As `npm run serve` starts it: a small young generation suits a daemon that is idle most of the time. */
const SERVE_NODE_FLAGS = ['--max-semi-space-size=1'];

export interface ServedDaemon {
  process: ChildProcess;
  /** The window's link as printed on the `UI:` line: it opens the window once. */
  url: string;
}

/** A fresh checkout has no dist/: build it once, with the build's output on stderr, away from the tables. */
async function ensureBuilt(): Promise<void> {
  const built = await Promise.all([CLI, WINDOW].map((file) => access(file).then(() => true, () => false)));
  if (built.every(Boolean)) return;
  console.error('dist/ is missing: running `npm run build` first…');
  const build = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 'inherit'] });
  const [code] = (await once(build, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`npm run build failed (${code})`);
}

/** The built daemon (`dingbridge serve`, plain Node) as a user starts it, once it prints where its window is. */
export async function startServe(args: string[]): Promise<ServedDaemon> {
  await ensureBuilt();
  const daemon = spawn(process.execPath, [...SERVE_NODE_FLAGS, CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Read every line, not only up to the address: a daemon whose output is not read would stall on a full pipe.
  const lines = createInterface({ input: daemon.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('UI: ')) resolve(line.slice('UI: '.length).trim());
    });
    daemon.once('exit', (code) => reject(new Error(`the daemon exited (${code}) before it served`)));
  });
  return { process: daemon, url };
}

export async function stopServe(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = once(daemon, 'exit');
  daemon.kill('SIGTERM');
  await exited;
}
