import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real Qwen Code CLI, for the compatibility tests and the benchmarks. It is a test tool, not part of the
 * product: it lives in a cache folder of its own, never in the project's node_modules, where `npm run serve`
 * would put it on PATH and the app would take it for the user's own, logged-out Qwen Code.
 */
export const QWEN_CODE_VERSION = '0.24.4';

/** `$DINGBRIDGE_TEST_TOOLS`, else the user's cache folder. */
export function testToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DINGBRIDGE_TEST_TOOLS || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dingbridge-test-tools');
}

const exists = (path: string) => stat(path).then(() => true, () => false);

function npmInstall(prefix: string, spec: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel', 'error', spec], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm install ${spec} failed (exit ${code}); the output is above.`))));
  });
}

/**
 * The path of the `qwen` executable, installing Qwen Code first when the cache does not have it. Installs go to a
 * fresh folder that is renamed into place, so two test files installing at once never see half an install.
 */
export async function installQwenCode(): Promise<string> {
  const root = testToolsDir();
  const dir = join(root, `qwen-code-${QWEN_CODE_VERSION}`);
  const bin = join(dir, 'node_modules', '.bin', 'qwen');
  if (await exists(bin)) return bin;
  await mkdir(root, { recursive: true });
  const staging = await mkdtemp(join(root, '.installing-'));
  process.stderr.write(`Installing Qwen Code ${QWEN_CODE_VERSION} for the compatibility tests into ${dir} …\n`);
  try {
    await npmInstall(staging, `@qwen-code/qwen-code@${QWEN_CODE_VERSION}`);
    await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another install finished first: its copy is as good as ours.
      if (!(await exists(bin))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  if (!(await exists(bin))) throw new Error(`Qwen Code was installed into ${dir}, but ${bin} is missing.`);
  return bin;
}

// `npx tsx test/tools/qwen-code.ts` installs it ahead of the tests (CI does) and prints where.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  installQwenCode().then(
    (bin) => console.log(bin),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
