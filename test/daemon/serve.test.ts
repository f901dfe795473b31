import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/logger.js';
import { FAST_TIMING, tempDir, until } from '../core/dingtalk/harness.js';

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

  it('uses the first installed agent for that channel, and leaves an existing config alone', async () => {
    const dataDir = await tempDir();
    const detect = async () => [{ preset: 'gemini' as const, label: 'Gemini CLI', command: 'gemini', installed: true, install: 'npm install -g @google/gemini-cli' }];
    const first = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, detect });
    await first.stop();
    const written = await readFile(join(dataDir, 'config.json'), 'utf8');
    expect(JSON.parse(written)).toMatchObject({ channels: { simulator: { agent: { preset: 'gemini' } } } });
    const second = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, detect: async () => [] });
    await second.stop();
    expect(await readFile(join(dataDir, 'config.json'), 'utf8')).toBe(written);
  });
});
