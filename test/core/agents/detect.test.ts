import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectAgents } from '../../../electron/core/agents/detect.js';
import { launchSpec } from '../../../electron/core/agents/presets.js';
import { AgentConfigSchema } from '../../../electron/core/agents/agent-config.js';
import { firstUsablePreset } from '../../../electron/core/agents/detected-agent.js';
import { tempDir, until } from '../platform/dingtalk/harness.js';
import { installFakeAgentCommand } from './fake-agent-launch.js';

async function fakeCommand(dir: string, name: string, script: string) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(process.platform !== 'win32')('detectAgents', () => {
  it('starts each installed agent: one that starts a session is usable, and is stopped again with its version read', async () => {
    const bin = await tempDir();
    const log = join(await tempDir(), 'agent.log');
    await installFakeAgentCommand(bin, 'gemini', { FAKE_AGENT_LOG: log });
    const found = await detectAgents({ PATH: bin });
    expect(found[0]).toMatchObject({ preset: 'gemini', installed: true, state: 'usable', version: '1.0.0', path: join(bin, 'gemini') });
    expect(found[0]?.reason).toBeUndefined();
    const requests = (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { method: string; pid: number; params: { cwd?: string } });
    expect(requests.map((request) => request.method)).toEqual(['initialize', 'session/new']);
    // In a folder of its own, so a trial start leaves nothing in the user's projects; the folder is gone after.
    const cwd = requests[1]?.params.cwd ?? '';
    expect(cwd).toContain('dingbridge-probe-');
    expect(await stat(cwd).then(() => true, () => false)).toBe(false);
    const pid = requests[0]?.pid ?? 0;
    await until(() => !alive(pid), 'the trial agent to be stopped');
  });

  it('reports an agent that refuses sessions until someone logs in as needing a login, with the command to run', async () => {
    const bin = await tempDir();
    await installFakeAgentCommand(bin, 'qwen', { FAKE_AGENT_MODE: 'auth' });
    const found = await detectAgents({ PATH: bin });
    const qwen = found.find((agent) => agent.preset === 'qwen');
    expect(qwen).toMatchObject({ installed: true, state: 'needs-login', login: 'qwen', reason: expect.stringMatching(/needs a login/) });
    // Needing a login is not usable: the demo agent, which always is, comes first.
    expect(found.map((agent) => agent.preset).slice(0, 2)).toEqual(['demo', 'qwen']);
  });

  it('reports a missing command as not installed, with how to install it, and always offers the demo agent', async () => {
    const found = await detectAgents({ PATH: await tempDir() });
    expect(found[0]).toMatchObject({ preset: 'demo', label: 'Demo agent', installed: true, state: 'usable' });
    expect(found.slice(1).every((agent) => agent.state === 'not-installed' && !agent.installed)).toBe(true);
    expect(found.find((agent) => agent.preset === 'claude')).toEqual(
      expect.objectContaining({
        state: 'not-installed',
        install: expect.stringContaining('claude-agent-acp'),
        // The same as a hint the window words in its language, the commands as they are typed.
        installHint: { code: 'run', command: 'npm install -g @agentclientprotocol/claude-agent-acp', login: 'claude' },
      }),
    );
  });

  it('reports a command that is not an ACP agent as broken, saying why', async () => {
    const bin = await tempDir();
    await fakeCommand(bin, 'qwen', 'echo "0.24.4"');
    const found = await detectAgents({ PATH: bin });
    expect(found.find((agent) => agent.preset === 'qwen')).toMatchObject({
      installed: true,
      state: 'broken',
      version: '0.24.4',
      reason: expect.stringMatching(/exited during start-up/),
    });
  });

  it('gives up on an agent that never starts a session within its bound, and stops it', async () => {
    const bin = await tempDir();
    const log = join(await tempDir(), 'agent.log');
    await installFakeAgentCommand(bin, 'opencode', { FAKE_AGENT_MODE: 'hang-session', FAKE_AGENT_LOG: log });
    // Silent forever, like a program that is not an agent waiting for a terminal (node is the one linked in bin).
    await fakeCommand(bin, 'goose', 'exec node -e "setInterval(() => {}, 60000)"');
    const bound = 1_500;
    const started = Date.now();
    const found = await detectAgents({ PATH: bin }, bound);
    // The bound, plus the moment a stopped agent is given to exit: seconds, where the hung agents would take minutes.
    expect(Date.now() - started).toBeLessThan(bound + 3_000);
    expect(found.find((agent) => agent.preset === 'opencode')).toMatchObject({ state: 'broken', reason: expect.stringMatching(/did not (answer the ACP handshake|start a session within 2 s)/) });
    expect(found.find((agent) => agent.preset === 'goose')).toMatchObject({ state: 'broken', reason: expect.stringMatching(/did not answer the ACP handshake/) });
    const pids = (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { pid: number }).pid);
    for (const pid of pids) await until(() => !alive(pid), 'the hanging agent to be stopped');
  });
});

describe('firstUsablePreset', () => {
  it('picks the first real agent that can answer, else the demo', () => {
    expect(firstUsablePreset([{ preset: 'qwen', state: 'needs-login' }, { preset: 'demo', state: 'usable' }])).toBe('demo');
    expect(firstUsablePreset([{ preset: 'demo', state: 'usable' }, { preset: 'gemini', state: 'usable' }])).toBe('gemini');
    expect(firstUsablePreset([])).toBe('demo');
  });
});

describe('launchSpec', () => {
  it('uses each preset’s command and passes the model the way the agent takes it', () => {
    expect(launchSpec(AgentConfigSchema.parse({ preset: 'qwen' }), 'qwen3-coder')).toMatchObject({
      command: 'qwen',
      args: ['--acp', '--model', 'qwen3-coder'],
    });
    expect(launchSpec(AgentConfigSchema.parse({ preset: 'claude' }), 'sonnet')).toMatchObject({
      command: 'claude-agent-acp',
      args: [],
      env: { ANTHROPIC_MODEL: 'sonnet' },
    });
    expect(launchSpec(AgentConfigSchema.parse({ preset: 'goose', args: ['--debug'] }), undefined)).toMatchObject({
      command: 'goose',
      args: ['acp', '--debug'],
    });
    expect(launchSpec(AgentConfigSchema.parse({ preset: 'opencode' }), 'x').args).toEqual(['acp']);
  });

  it('runs a custom command as given', () => {
    expect(launchSpec(AgentConfigSchema.parse({ preset: 'custom', command: 'my-agent', args: ['--stdio'], env: { A: '1' } }), 'm')).toMatchObject({
      command: 'my-agent',
      args: ['--stdio'],
      env: { A: '1' },
      custom: true,
    });
  });

  it('rejects a custom agent without a command, naming the field', () => {
    const result = AgentConfigSchema.safeParse({ preset: 'custom' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['command'], message: expect.stringMatching(/needs a command/) });
  });
});
