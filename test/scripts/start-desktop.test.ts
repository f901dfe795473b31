import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/start-desktop.mjs', import.meta.url));

describe('npm start', () => {
  it('without the Electron binary says what is missing and what to do instead, and fails', async () => {
    // The script beside an `electron` package that throws as Electron's does when its binary was never downloaded.
    const dir = await mkdtemp(join(tmpdir(), 'dingbridge-start-'));
    await mkdir(join(dir, 'scripts'));
    await mkdir(join(dir, 'node_modules', 'electron'), { recursive: true });
    await copyFile(script, join(dir, 'scripts', 'start-desktop.mjs'));
    await writeFile(join(dir, 'node_modules', 'electron', 'index.js'), "throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');\n");
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, [join(dir, 'scripts', 'start-desktop.mjs')], { cwd: dir }, (error, _stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The Electron binary is not installed here, so the desktop app cannot start.');
    expect(result.stderr).toContain('npm run serve');
    expect(result.stderr).toContain('Electron failed to install correctly');
  });
});
