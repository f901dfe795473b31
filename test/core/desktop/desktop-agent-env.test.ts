import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopAgentEnv } from '../../../electron/core/desktop/desktop-agent-env.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { tempDir } from '../platform/dingtalk/harness.js';

describe.runIf(process.platform !== 'win32')('the desktop app’s agent environment', () => {
  it('asks the login shell for PATH without giving it Dingbridge’s secrets', async () => {
    const dir = await tempDir();
    const shell = join(dir, 'fake-shell');
    // The shell's rc files would see what it is started with: it writes that down, then builds a PATH.
    await writeFile(shell, `#!/bin/sh\nenv > '${dir}/seen'\nPATH=/from/the/login/shell:/usr/bin:/bin\nexport PATH\n/bin/sh -c "$4"\n`);
    await chmod(shell, 0o755);
    const env = {
      SHELL: shell,
      PATH: '/usr/bin:/bin',
      HOME: dir,
      OPENAI_API_KEY: 'sk-agents-own',
      TEAM_SECRET: 'team-secret-value',
      DINGTALK_CLIENT_SECRET: 'app-secret-value',
      DINGBRIDGE_HOME: '/srv/dingbridge',
    };
    const provider = desktopAgentEnv({ env, secretVariables: new Set(['TEAM_SECRET']), logger: silentLogger, platform: 'linux' });

    expect((await provider?.())?.PATH).toBe('/from/the/login/shell:/usr/bin:/bin');
    const seen = await readFile(join(dir, 'seen'), 'utf8');
    expect(seen).toContain('OPENAI_API_KEY=sk-agents-own');
    for (const name of ['TEAM_SECRET', 'DINGTALK_CLIENT_SECRET', 'DINGBRIDGE_HOME']) expect(seen).not.toContain(`${name}=`);
  });
});
