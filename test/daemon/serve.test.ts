import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { FAST_TIMING, tempDir, until } from '../core/platform/dingtalk/harness.js';

describe('dingbridge serve on a first start', () => {
  it('starts with a working simulator channel and the demo agent when no agent is installed', async () => {
    const dataDir = await tempDir();
    const daemon = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, detect: async () => [] });
    try {
      await until(() => daemon.engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel');
      const config = JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')) as { channels: Record<string, { type: string; agent: { preset: string } }> };
      expect(config.channels.simulator).toMatchObject({ type: 'simulator', agent: { preset: 'demo' } });
      const simulator = daemon.engine.service.channel('simulator').simulator;
      simulator?.send({ sender: { staffId: 'zhangsan', nick: '张三' }, conversation: 'dm', text: 'hi' });
      await until(() => simulator?.transcript().some((entry) => entry.from === 'bot'), 'the demo agent to answer');
    } finally {
      await daemon.stop();
    }
  });

  it('creates a --config file that does not exist yet, with no channels, and says so; an existing one is kept', async () => {
    const dataDir = await tempDir();
    const configFile = join(dataDir, 'dingbridge.json');
    const first = await serve({ dataDir, configFile, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, detect: async () => [] });
    expect(first.createdConfig).toBe(configFile);
    expect(first.engine.service.channels()).toEqual([]);
    await first.stop();
    expect(JSON.parse(await readFile(configFile, 'utf8'))).toEqual({ channels: {} });
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    await writeFile(configFile, '{ "channels": { "team": { "dingtalk": { "clientId": "x" }, "senderPolicy": "everyone" } } }');
    await expect(serve({ dataDir, configFile, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger })).rejects.toThrow(/senderPolicy/);
    expect(await readFile(configFile, 'utf8')).toContain('everyone');
  });

  it('uses the demo agent when the installed agent cannot start a session (it needs a login)', async () => {
    const dataDir = await tempDir();
    const detect = async () => [{ preset: 'qwen' as const, label: 'Qwen Code', command: 'qwen', installed: true, state: 'needs-login' as const, login: 'qwen', install: 'npm install -g @qwen-code/qwen-code' }];
    const daemon = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, detect });
    await daemon.stop();
    expect(JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8'))).toMatchObject({ channels: { simulator: { agent: { preset: 'demo' } } } });
  });

  it('uses the first installed agent for that channel, and leaves an existing config alone', async () => {
    const dataDir = await tempDir();
    const detect = async () => [{ preset: 'gemini' as const, label: 'Gemini CLI', command: 'gemini', installed: true, state: 'usable' as const, install: 'npm install -g @google/gemini-cli' }];
    const first = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, detect });
    await first.stop();
    const written = await readFile(join(dataDir, 'config.json'), 'utf8');
    expect(JSON.parse(written)).toMatchObject({ channels: { simulator: { agent: { preset: 'gemini' } } } });
    const second = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, detect: async () => [] });
    await second.stop();
    expect(await readFile(join(dataDir, 'config.json'), 'utf8')).toBe(written);
  });
});
