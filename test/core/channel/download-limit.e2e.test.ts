import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../platform/dingtalk/harness.js';
import { startWorld } from './service-harness.js';

const MB = 1024 * 1024;

describe('the largest file people may send (dingtalk.maxDownloadMB)', () => {
  it('refuses a file over the channel’s cap, naming the cap, and saves one under it', async () => {
    const world = await startWorld({ dingtalk: { maxDownloadMB: 2 }, chatLanguage: 'en' });
    const inbox = join(world.dataDir, 'channels', 'team', 'inbox');

    const big = world.fake.addMedia(Buffer.alloc(2 * MB + 1, 7), 'application/zip', { fileName: 'big.zip' });
    world.fake.pushMessage({ msgtype: 'file', content: { downloadCode: big, fileName: 'big.zip' } });
    await until(() => world.outboxText().find((text) => text.includes('big.zip')), 'the refusal');
    expect(world.outboxText()).toContain('⚠️ The file big.zip could not be fetched: The file is larger than the 2 MB limit and was not saved.');

    // Under the channel's cap, though not by much: saved, and given to the agent.
    const fits = world.fake.addMedia(Buffer.alloc(2 * MB - 1, 7), 'application/zip', { fileName: 'fits.zip' });
    world.fake.pushMessage({ msgtype: 'file', content: { downloadCode: fits, fileName: 'fits.zip' } });
    await until(() => world.events('agent.turn.started').length === 1, 'the agent to get the file');
    expect(await readdir(inbox)).toEqual(['fits.zip']);
    expect(world.outboxText().filter((text) => text.includes('could not be fetched'))).toHaveLength(1);
  });
});
