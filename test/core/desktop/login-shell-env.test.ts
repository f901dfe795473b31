import { execFileSync } from 'node:child_process';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentEnvironment, readLoginShellPath } from '../../../electron/core/desktop/login-shell-env.js';
import { tempDir, until } from '../platform/dingtalk/harness.js';

async function fakeShell(dir: string, body: string): Promise<string> {
  const path = join(dir, 'fake-shell');
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** Whether any live process has `text` on its command line (zombies show none). */
function anyProcessMentions(text: string): boolean {
  return execFileSync('ps', ['-A', '-o', 'args='], { encoding: 'utf8' }).includes(text);
}

describe.runIf(process.platform !== 'win32')('readLoginShellPath', () => {
  it('returns the PATH the login shell builds, whatever its rc files print around it', async () => {
    const dir = await tempDir();
    const shell = await fakeShell(
      dir,
      [
        `printf '%s\\n' "$1 $2 $3" > '${dir}/flags'`,
        'echo "Last login: Mon Jan 1 on ttys001"',
        'echo "PATH=/looks/like/a/path:/but/is/not"',
        `printf '\\033]0;title\\007\\033[1;32m~ %% \\033[0m'`,
        'echo "rc: command not found: compdef" >&2',
        'PATH=/from/the/login/shell:/usr/bin:/bin',
        'export PATH',
        '/bin/sh -c "$4"',
        'status=$?',
        'echo "/after/the:/command"',
        'echo "logout noise" >&2',
        'exit $status',
      ].join('\n'),
    );
    const result = await readLoginShellPath({ env: { SHELL: shell, PATH: '/usr/bin:/bin' }, platform: 'linux' });
    expect(result).toEqual({ path: '/from/the/login/shell:/usr/bin:/bin' });
    expect(await readFile(join(dir, 'flags'), 'utf8')).toBe('-i -l -c\n');
  });

  it('gives up on a shell that never finishes, and kills it with what it started', async () => {
    const dir = await tempDir();
    const shell = await fakeShell(dir, `'${process.execPath}' -e 'setInterval(() => {}, 1000)' '${dir}' &\nwait`);
    const result = await readLoginShellPath({ shell, timeoutMs: 500, platform: 'linux' });
    expect(result).toEqual({ path: undefined, reason: `${shell} did not finish within 500 ms` });
    await until(() => !anyProcessMentions(dir), 'the shell and its child to be gone');
  });

  it('says why when the shell fails', async () => {
    const shell = await fakeShell(await tempDir(), 'echo "profile: permission denied" >&2\nexit 1');
    expect(await readLoginShellPath({ shell, platform: 'darwin' })).toEqual({
      path: undefined,
      reason: `${shell} exited with code 1: profile: permission denied`,
    });
  });

  it('says why when the shell prints no PATH', async () => {
    const shell = await fakeShell(await tempDir(), 'echo "a shell that ignores -c"');
    expect(await readLoginShellPath({ shell, platform: 'linux' })).toEqual({ path: undefined, reason: `${shell} did not print PATH` });
  });

  it('says why when the shell does not exist', async () => {
    const shell = join(await tempDir(), 'no-such-shell');
    const result = await readLoginShellPath({ env: { SHELL: shell }, platform: 'linux' });
    expect(result.path).toBeUndefined();
    expect(result.reason).toContain(`could not start ${shell}: `);
    expect(result.reason).toContain('ENOENT');
  });

  it('falls back to /bin/sh without SHELL', async () => {
    const result = await readLoginShellPath({ env: { PATH: '/usr/bin:/bin' }, platform: 'linux' });
    expect(result.path).toMatch(/\S/);
  });

  it('asks no shell on Windows', async () => {
    const dir = await tempDir();
    const shell = await fakeShell(dir, `touch '${dir}/ran'`);
    expect(await readLoginShellPath({ shell, platform: 'win32' })).toEqual({ path: undefined, reason: 'not needed on Windows' });
    await expect(stat(join(dir, 'ran'))).rejects.toThrow();
  });
});

describe.runIf(process.platform !== 'win32')('agentEnvironment', () => {
  const appImage = {
    APPDIR: '/tmp/.mount_DingbrX1',
    APPIMAGE: '/home/li/Apps/Dingbridge.AppImage',
    ARGV0: 'Dingbridge.AppImage',
    OWD: '/home/li',
    PATH: '/tmp/.mount_DingbrX1:/tmp/.mount_DingbrX1/usr/sbin:/usr/local/bin:/usr/bin::/bin',
    LD_LIBRARY_PATH: '/tmp/.mount_DingbrX1/usr/lib:/tmp/.mount_DingbrX1/lib/',
    HOME: '/home/li',
  };

  it('puts the login shell’s entries first and the process’s own after, each once', () => {
    const env = agentEnvironment({ PATH: '/usr/bin:/bin:/opt/tool/bin:/usr/bin', HOME: '/home/li' }, '/home/li/.npm-global/bin:/opt/homebrew/bin:/usr/bin::/bin');
    expect(env).toEqual({ PATH: '/home/li/.npm-global/bin:/opt/homebrew/bin:/usr/bin:/bin:/opt/tool/bin', HOME: '/home/li' });
  });

  it('leaves nothing of the AppImage: its PATH and library entries and its variables', () => {
    const env = agentEnvironment(appImage, '/home/li/.local/bin:/usr/bin');
    expect(env).toEqual({ PATH: '/home/li/.local/bin:/usr/bin:/usr/local/bin:/bin', HOME: '/home/li' });
  });

  it('keeps the user’s own libraries inside an AppImage', () => {
    const env = agentEnvironment({ ...appImage, LD_LIBRARY_PATH: `/opt/cuda/lib64:${appImage.LD_LIBRARY_PATH}` });
    expect(env.LD_LIBRARY_PATH).toBe('/opt/cuda/lib64');
    expect(env.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
  });

  it('keeps LD_LIBRARY_PATH as the user set it outside an AppImage, and works without a login PATH', () => {
    const base = { PATH: '/usr/bin:/bin', LD_LIBRARY_PATH: '/opt/lib::/tmp/.mount_DingbrX1/usr/lib' };
    expect(agentEnvironment(base)).toEqual(base);
  });

  it('does not change what it is given', () => {
    const base = { ...appImage };
    agentEnvironment(base, '/usr/bin');
    expect(base).toEqual(appImage);
  });
});
