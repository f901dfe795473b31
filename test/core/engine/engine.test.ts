import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulatorChannelSettings } from '../../../electron/core/config/defaults.js';
import { tempDir, until } from '../platform/dingtalk/harness.js';
import { installFakeAgentCommand } from '../agents/fake-agent-launch.js';
import { engineWithAgentPath } from './engine-harness.js';


describe.runIf(process.platform !== 'win32')('the agent environment the engine is given', () => {
  it('is where agents.detect looks for agents', async () => {
    const bin = await tempDir();
    await writeFile(join(bin, 'qwen'), '#!/bin/sh\necho "0.99.1"\n');
    await chmod(join(bin, 'qwen'), 0o755);
    const engine = await engineWithAgentPath(bin);
    const result = await engine.dispatch('agents.detect', undefined);
    expect(result.ok && result.value).toContainEqual(expect.objectContaining({ preset: 'qwen', installed: true, path: join(bin, 'qwen'), version: '0.99.1' }));
  });

  it('starts each agent once for detections asked for close together (the form opened twice)', async () => {
    const bin = await tempDir();
    const log = join(await tempDir(), 'agent.log');
    await installFakeAgentCommand(bin, 'gemini', { FAKE_AGENT_LOG: log });
    const engine = await engineWithAgentPath(bin);
    const [first, second] = await Promise.all([engine.dispatch('agents.detect', undefined), engine.dispatch('agents.detect', undefined)]);
    const third = await engine.dispatch('agents.detect', undefined);
    for (const result of [first, second, third]) {
      expect(result.ok && result.value).toContainEqual(expect.objectContaining({ preset: 'gemini', state: 'usable' }));
    }
    const starts = (await readFile(log, 'utf8')).split('\n').filter((line) => line.includes('"initialize"'));
    expect(starts).toHaveLength(1);
  });

  it('is what a channel’s agent is found on and started with', async () => {
    const bin = await tempDir();
    await installFakeAgentCommand(bin, 'dingbridge-test-agent');
    const settings = { ...simulatorChannelSettings('custom'), agent: { preset: 'custom', command: 'dingbridge-test-agent' }, cwd: await tempDir() };
    const engine = await engineWithAgentPath(bin, { sim: settings });
    await until(() => engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel to connect');
    const simulator = engine.service.channel('sim').simulator;
    simulator?.send({ sender: { staffId: 'zhangsan', nick: '张三' }, conversation: 'dm', text: 'say: found on the given PATH' });
    await until(() => simulator?.transcript().some((entry) => entry.from === 'bot'), 'the agent’s answer', 15_000);
    expect(simulator?.transcript().at(-1)?.text).toBe('found on the given PATH');
    expect(await readFile(join(bin, 'dingbridge-test-agent.path'), 'utf8')).toBe(`${bin}\n`);
  });
});
