import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectAgents } from '../../../electron/core/agents/detect.js';
import { launchSpec } from '../../../electron/core/agents/presets.js';
import { AgentConfigSchema } from '../../../electron/core/agents/agent-config.js';
import { tempDir } from '../dingtalk/harness.js';

async function fakeCommand(dir: string, name: string, script: string) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
}

describe.runIf(process.platform !== 'win32')('detectAgents', () => {
  it('finds installed presets on PATH with their versions, installed first', async () => {
    const bin = await tempDir();
    await fakeCommand(bin, 'qwen', 'echo "0.24.4"');
    await fakeCommand(bin, 'goose', 'echo "goose version 1.9.2" >&2');
    await fakeCommand(bin, 'codex-acp', 'exit 1');
    const found = await detectAgents({ PATH: bin });
    expect(found.slice(0, 3)).toEqual([
      expect.objectContaining({ preset: 'qwen', installed: true, version: '0.24.4', path: join(bin, 'qwen') }),
      expect.objectContaining({ preset: 'codex', installed: true, path: join(bin, 'codex-acp') }),
      expect.objectContaining({ preset: 'goose', installed: true, version: '1.9.2' }),
    ]);
    expect(found[1]?.version).toBeUndefined();
    expect(found.find((agent) => agent.preset === 'claude')).toEqual(
      expect.objectContaining({ installed: false, install: expect.stringContaining('claude-agent-acp') }),
    );
  });

  it('does not hang on a command that never answers --version', async () => {
    const bin = await tempDir();
    await fakeCommand(bin, 'gemini', 'sleep 30');
    const started = Date.now();
    const found = await detectAgents({ PATH: bin }, 300);
    expect(found[0]).toMatchObject({ preset: 'gemini', installed: true });
    expect(Date.now() - started).toBeLessThan(3_000);
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
