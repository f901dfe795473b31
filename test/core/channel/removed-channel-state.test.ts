import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archiveStateOfRemovedChannels } from '../../../electron/core/channel/removed-channel-state.js';
import { channelStateDir } from '../../../electron/core/channel/channel-state.js';
import { tempDir } from '../platform/dingtalk/harness.js';

/** A channel's state folder with an approval in it, as a channel leaves it. */
async function stateOf(dataDir: string, name: string): Promise<void> {
  await mkdir(channelStateDir(dataDir, name), { recursive: true });
  await writeFile(join(channelStateDir(dataDir, name), 'pairing.json'), JSON.stringify({ approved: [{ staffId: `${name}-person` }] }));
}

describe('the state of channels no longer in the settings', () => {
  it('is moved whole under channels/.removed, by name and time, while the channels still named keep theirs', async () => {
    const dataDir = await tempDir();
    for (const name of ['team', 'old bot', '旧机器人']) await stateOf(dataDir, name);
    const archived = await archiveStateOfRemovedChannels(dataDir, ['team'], Date.UTC(2026, 0, 2, 3, 4, 5, 6));

    expect(archived).toEqual([
      { name: '旧机器人', folder: `channels/.removed/${encodeURIComponent('旧机器人')}-2026-01-02T03-04-05-006Z` },
      { name: 'old bot', folder: 'channels/.removed/old%20bot-2026-01-02T03-04-05-006Z' },
    ]);
    expect((await readdir(join(dataDir, 'channels'))).sort()).toEqual(['.removed', 'team']);
    expect(await readFile(join(dataDir, 'channels', '.removed', 'old%20bot-2026-01-02T03-04-05-006Z', 'pairing.json'), 'utf8')).toContain('old bot-person');
    expect((await stat(join(dataDir, 'channels', '.removed'))).mode & 0o777).toBe(0o700);

    // Set aside once: the next time the settings are applied there is nothing left to move, and what was moved stays.
    await stateOf(dataDir, 'old bot');
    const again = await archiveStateOfRemovedChannels(dataDir, ['team', 'old bot'], Date.UTC(2026, 0, 3));
    expect(again).toEqual([]);
    expect(await readdir(join(dataDir, 'channels', '.removed'))).toHaveLength(2);
  });

  it('leaves files it did not make alone, and does nothing before any channel has kept state', async () => {
    const dataDir = await tempDir();
    expect(await archiveStateOfRemovedChannels(dataDir, [])).toEqual([]);
    await mkdir(join(dataDir, 'channels'));
    await writeFile(join(dataDir, 'channels', 'notes.txt'), 'mine');
    expect(await archiveStateOfRemovedChannels(dataDir, [])).toEqual([]);
    expect(await readdir(join(dataDir, 'channels'))).toEqual(['notes.txt']);
  });
});
