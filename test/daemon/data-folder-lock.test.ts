import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/base/logger.js';
import { readDaemonInfo } from '../../electron/daemon/daemon-file.js';
import { DataFolderBusyError, LOCK_FILE } from '../../electron/daemon/data-folder-lock.js';
import { serve } from '../../electron/daemon/serve.js';
import { tempDir } from '../core/platform/dingtalk/harness.js';
import { startDaemon } from '../security/daemon.js';
import { run } from './cli-run.js';

const serveOn = (dataDir: string) => serve({ dataDir, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, detect: async () => [] });

describe('one daemon per data folder', () => {
  it('refuses a second dingbridge serve on a folder a running one uses, naming it, and leaves that one running', async () => {
    const first = await startDaemon();
    try {
      const second = await run(['serve', '--data-dir', first.dataDir, '--port', '0'], { HOME: await tempDir() });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`dingbridge: Dingbridge is already running with the data folder ${first.dataDir} (pid ${first.process.pid})`);
      expect(second.stdout).not.toContain('UI:');
      expect(first.alive()).toBe(true);
      expect(await readDaemonInfo(first.dataDir)).toMatchObject({ ok: true, info: { pid: first.process.pid, port: first.port } });
    } finally {
      await first.stop();
    }
    const again = await serveOn(first.dataDir);
    await again.stop();
  });

  it('lets only one of two started at once run', async () => {
    const dataDir = await tempDir();
    const [one, two] = await Promise.allSettled([serveOn(dataDir), serveOn(dataDir)]);
    const running = [one, two].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refused = [one, two].flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(running).toHaveLength(1);
    expect(refused).toEqual([expect.any(DataFolderBusyError)]);
    await running[0]?.stop();
  });

  it('takes over the folder of a daemon that died without letting go of it, and lets go at its stop', async () => {
    const dataDir = await tempDir();
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    await writeFile(join(dataDir, LOCK_FILE), `${gone.pid}\n`);
    const daemon = await serveOn(dataDir);
    expect(await readFile(join(dataDir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await daemon.stop();
    await expect(readFile(join(dataDir, LOCK_FILE), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
