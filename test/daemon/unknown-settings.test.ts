import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../electron/daemon/serve.js';
import type { Logger } from '../../electron/core/base/logger.js';
import { FAST_TIMING, tempDir, until } from '../core/platform/dingtalk/harness.js';

/** A logger that keeps its warnings, as the console shows them. */
function warnings(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (message) => lines.push(message), error() {} };
  return { logger, lines };
}

describe('dingbridge serve with keys no setting has', () => {
  it('says each at start with the setting meant, runs the channel anyway, and shows them to the window', async () => {
    const dataDir = await tempDir();
    const configFile = join(dataDir, 'dingbridge.json');
    await writeFile(
      configFile,
      `{
        // Two typos: neither stops the channel.
        "channels": { "try": { "type": "simulator", "agent": { "preset": "demo" }, "groups": { "cidX": { "requireMentions": false } }, "modle": "m" } }
      }`,
    );
    const { logger, lines } = warnings();
    const daemon = await serve({ dataDir, configFile, port: 0, rendererDir: join(dataDir, 'none'), logger, channelTuning: { connectionTiming: FAST_TIMING }, detect: async () => [] });
    try {
      expect(lines).toEqual(['channels.try.groups.cidX.requireMentions is not a setting; did you mean requireMention?', 'channels.try.modle is not a setting; did you mean model?']);
      await until(() => daemon.engine.service.channels()[0]?.connection.status === 'connected', 'the channel to run');
      const listed = await daemon.engine.dispatch('channels.list', undefined);
      expect(listed).toMatchObject({ ok: true, value: [{ name: 'try', unknownSettings: [{ code: 'not_a_setting', value: 'requireMention' }, { code: 'not_a_setting', value: 'model' }] }] });
    } finally {
      await daemon.stop();
    }
  });

  it('says them before refusing to start for another problem, which a typo often is the cause of', async () => {
    const dataDir = await tempDir();
    const configFile = join(dataDir, 'dingbridge.json');
    await writeFile(configFile, '{ "channels": { "team": { "dingtalk": { "clientId": "dingabc", "clientSecret": "x" }, "cwdd": "/srv/app" } } }');
    const { logger, lines } = warnings();
    await expect(serve({ dataDir, configFile, port: 0, rendererDir: join(dataDir, 'none'), logger, detect: async () => [] })).rejects.toThrow(/channels\.team\.cwd/);
    expect(lines).toEqual(['channels.team.cwdd is not a setting; did you mean cwd?']);
  });

  it('says a misspelt channels at start, so a daemon running no channel says why', async () => {
    const dataDir = await tempDir();
    const configFile = join(dataDir, 'dingbridge.json');
    await writeFile(configFile, '{ "chanels": { "try": { "type": "simulator", "agent": { "preset": "demo" } } } }');
    const { logger, lines } = warnings();
    const daemon = await serve({ dataDir, configFile, port: 0, rendererDir: join(dataDir, 'none'), logger, detect: async () => [] });
    await daemon.stop();
    expect(lines).toEqual(['chanels is not a setting; did you mean channels?']);
    expect(daemon.engine.service.channels()).toEqual([]);
  });

  it('says nothing of a file with only settings', async () => {
    const dataDir = await tempDir();
    const configFile = join(dataDir, 'dingbridge.json');
    await writeFile(configFile, '{ "channels": { "try": { "type": "simulator", "agent": { "preset": "demo" }, "groups": { "*": { "requireMention": false } } } } }');
    const { logger, lines } = warnings();
    const daemon = await serve({ dataDir, configFile, port: 0, rendererDir: join(dataDir, 'none'), logger, channelTuning: { connectionTiming: FAST_TIMING }, detect: async () => [] });
    await daemon.stop();
    expect(lines.filter((line) => line.includes('not a setting'))).toEqual([]);
    expect(daemon.engine.service.channels()[0]?.unknownSettings).toBeUndefined();
  });
});
