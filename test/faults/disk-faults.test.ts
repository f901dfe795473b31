import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../core/platform/dingtalk/harness.js';
import { startWorld } from '../core/channel/service-harness.js';
import { ask, expectEachAnsweredOnce } from './fault-harness.js';

describe('the disk under the event log failing', () => {
  it('keeps answering and keeps the log in memory, says the log cannot be written, and writes again once it can', async () => {
    const world = await startWorld();
    const logs = join(world.dataDir, 'logs');
    await world.service.log.flush();
    // A file where the folder should be: every write fails, whoever runs the test (root ignores permissions).
    await rename(logs, `${logs}.moved`);
    await writeFile(logs, 'not a folder');

    ask(world, 'diskdown');
    await expectEachAnsweredOnce(world, ['diskdown']);
    await until(() => !world.service.log.writeStatus.ok, 'the log to report the failure');
    expect(world.service.log.writeStatus.error).toMatch(/^The event log cannot be written to .*logs: /);
    expect(world.events('reply.sent')).toHaveLength(1);
    expect((await world.service.log.query({ text: 'diskdown' })).length).toBeGreaterThan(0);

    await rename(logs, `${logs}.broken`);
    await mkdir(logs);
    ask(world, 'diskback');
    await expectEachAnsweredOnce(world, ['diskback']);
    await until(() => world.service.log.writeStatus.ok, 'the log to recover');
    await world.service.log.flush();
    expect(await readFile(join(logs, 'events.jsonl'), 'utf8')).toContain('say: diskback');
  });
});
