import { fork, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAll } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

/**
 * The installed desktop app without a real Electron: the project packaged by electron-builder exactly as
 * `npm run dist` does, but from a stand-in Electron distribution (a file with Electron's fuse wire in it), then
 * booted under Node with a stand-in `electron` module that records what the app asks of Electron.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const STAND_IN = fileURLToPath(new URL('./stand-in-electron', import.meta.url));

/** Electron's fuse sentinel, and the wire an unmodified Electron 41 binary carries (fuses.json5 defaults). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_41_WIRE = '101100011';

export interface PackagedApp {
  /** The unpacked app as electron-builder left it (`linux-unpacked`). */
  unpackedDir: string;
  /** The packaged executable, whose fuses electron-builder flipped. */
  binary: string;
  /** What electron-builder printed. */
  output: string;
}

/** Writes a stand-in Electron distribution: all electron-builder needs of one for a Linux `dir` build. */
async function writeStandInDistribution(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('stand-in for the Electron binary\n'),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, ELECTRON_41_WIRE.length]),
    Buffer.from(ELECTRON_41_WIRE),
    Buffer.from('\n'),
  ]);
  await writeFile(join(dir, 'electron'), binary, { mode: 0o755 });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Packages the built app (`npm run build` first; `npm test` does) the way `npm run dist -- --linux dir` does. */
export async function packageApp(): Promise<PackagedApp> {
  for (const built of ['dist/main/index.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html']) {
    if (!(await stat(join(root, built)).catch(() => undefined))) throw new Error(`${built} is missing: run \`npm run build\` (npm test does this first).`);
  }
  const work = await mkdtemp(join(tmpdir(), 'dingbridge-package-'));
  const electronDist = join(work, 'electron-dist');
  await writeStandInDistribution(electronDist);
  const output = join(work, 'release');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = await run(npm, ['run', 'package', '--', '--linux', 'dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`], {
    ...process.env,
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    CI: 'true',
  });
  if (result.code !== 0) throw new Error(`electron-builder failed (exit ${result.code}):\n${result.output}`);
  const unpackedDir = join(output, 'linux-unpacked');
  return { unpackedDir, binary: join(unpackedDir, 'dingbridge'), output: result.output };
}

/** The fuses as the packaged binary really has them, by name: true on, false off. */
export async function packagedFuses(binary: string): Promise<Record<string, boolean>> {
  const wire = await getCurrentFuseWire(binary);
  const fuses: Record<string, boolean> = {};
  for (const [index, state] of Object.entries(wire)) {
    if (index === 'version') continue;
    const name = FuseV1Options[Number(index)] ?? `fuse${index}`;
    fuses[name] = state === 49;
  }
  return fuses;
}

export interface BootFolder {
  /** Stands for `process.resourcesPath`: the asar (unpacked to a folder of the same name) and the tray icons. */
  resourcesDir: string;
  /** The app inside it: `resources/app.asar`. */
  appDir: string;
}

/**
 * The packaged resources with `app.asar` unpacked to a folder of the same name, so the app's paths into its asar
 * are the paths Electron's asar-aware fs would serve, and the stand-in `electron` beside its other modules.
 */
export async function unpackForBoot(app: PackagedApp): Promise<BootFolder> {
  const work = await mkdtemp(join(tmpdir(), 'dingbridge-boot-'));
  const resourcesDir = join(work, 'resources');
  const packaged = join(app.unpackedDir, 'resources');
  await mkdir(resourcesDir, { recursive: true });
  for (const entry of await readdir(packaged)) {
    if (entry === 'app.asar') continue;
    await cp(join(packaged, entry), join(resourcesDir, entry), { recursive: true });
  }
  const appDir = join(resourcesDir, 'app.asar');
  extractAll(join(packaged, 'app.asar'), appDir);
  await cp(STAND_IN, join(appDir, 'node_modules', 'electron'), { recursive: true });
  return { resourcesDir, appDir };
}

export interface Record_ {
  event: string;
  detail: Record<string, unknown>;
}

export interface Answer {
  error?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  value?: unknown;
  granted?: boolean;
  checked?: boolean | null;
  visible?: boolean[];
}

/** A running packaged app: what it asked of Electron so far, and requests to the stand-in. */
export class BootedApp {
  readonly records: Record_[] = [];
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcess;
  readonly #waiting = new Set<() => void>();
  readonly #answers = new Map<number, (answer: Answer) => void>();
  #nextId = 1;
  #output = '';

  constructor(folder: BootFolder, options: { userData: string; env?: NodeJS.ProcessEnv; args?: string[] }) {
    this.#child = fork(join(STAND_IN, 'launch.mjs'), [folder.appDir, ...(options.args ?? [])], {
      cwd: folder.resourcesDir,
      env: {
        ...process.env,
        ...options.env,
        STAND_IN_USER_DATA: options.userData,
        STAND_IN_RESOURCES: folder.resourcesDir,
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.#child.stdout?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    this.#child.stderr?.on('data', (chunk: Buffer) => (this.#output += chunk.toString()));
    this.#child.on('message', (message: { type: string; id?: number } & Record_ & Answer) => {
      if (message.type === 'record') {
        this.records.push({ event: message.event, detail: message.detail });
        for (const wake of this.#waiting) wake();
      } else if (message.type === 'answer' && message.id !== undefined) {
        this.#answers.get(message.id)?.(message);
        this.#answers.delete(message.id);
      }
    });
    this.exited = new Promise((resolve) => this.#child.on('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      for (const wake of this.#waiting) wake();
    });
  }

  /** What the app printed, for a failure message. */
  get output(): string {
    return this.#output;
  }

  recorded(event: string): Record_[] {
    return this.records.filter((record) => record.event === event);
  }

  /** Waits until the app has asked for `event` (and it matches), or fails when the app exits first. */
  async waitFor(event: string, matches: (detail: Record<string, unknown>) => boolean = () => true): Promise<Record_> {
    for (;;) {
      const found = this.records.find((record) => record.event === event && matches(record.detail));
      if (found) return found;
      if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
        throw new Error(`The app exited (${this.#child.exitCode}) without ${event}.\nRecorded: ${this.records.map((r) => r.event).join(', ')}\n${this.#output}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiting.delete(wake);
          resolve();
        };
        this.#waiting.add(wake);
      });
    }
  }

  ask(request: Record<string, unknown>): Promise<Answer> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#answers.set(id, resolve);
      this.#child.send({ ...request, id }, (error) => error && reject(error));
    });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    await this.exited;
  }
}
