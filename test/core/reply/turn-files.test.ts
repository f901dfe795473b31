import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TurnFiles } from '../../../electron/core/reply/turn-files.js';
import { DINGTALK_FILE_RULES } from '../../../electron/core/platform/dingtalk/media-upload.js';
import type { BotSays } from '../../../electron/core/agents/bot-says.js';

describe("a turn's files", () => {
  it('tells the agent, the log and the person when a file could not be readied, and never rejects', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'turn-files-'));
    await writeFile(join(cwd, 'notes.txt'), 'to be zipped');
    // A file where the scratch folder should be: the zip cannot be written.
    const scratchDir = join(cwd, 'not-a-folder');
    await writeFile(scratchDir, '');
    const refused: string[] = [];
    const told: BotSays[] = [];
    const files = new TurnFiles({
      cwd,
      scratchDir,
      rules: DINGTALK_FILE_RULES,
      deliver: async () => ({ result: 'sent' }),
      refused: (_asked, _via, reason) => refused.push(reason),
      tell: async (says) => {
        told.push(says);
      },
      caption: async () => undefined,
    });
    const answer = await files.send({ asked: 'notes.txt', want: 'any', via: 'marker' });
    expect(answer.ok).toBe(false);
    expect(answer.text).toMatch(/^Not sent: notes\.txt: it could not be read/);
    expect(refused).toEqual(['unreadable']);
    expect(told).toEqual([expect.objectContaining({ say: 'file-refused', reason: 'unreadable' })]);
    await files.settled();
  });
});
