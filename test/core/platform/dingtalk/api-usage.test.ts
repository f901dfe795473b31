import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiUsage, apiUsageOf } from '../../../../electron/core/platform/dingtalk/api-usage.js';
import { silentLogger } from '../../../../electron/core/base/logger.js';
import { tempDir, until } from './harness.js';

/** 2026-11-30 23:30 in China (UTC+8). */
const LATE_EVENING = Date.UTC(2026, 10, 30, 15, 30);
const HOUR = 3_600_000;

describe('the count of a DingTalk app’s API calls', () => {
  it('counts today and this month by China’s calendar, starting a new day and a new month at its midnight', async () => {
    let now = LATE_EVENING;
    const usage = await ApiUsage.open(undefined, silentLogger, () => now);
    usage.counted();
    usage.counted();
    expect(usage.calls).toEqual({ today: 2, thisMonth: 2 });
    // 00:30 on 1 December in China, still 30 November in UTC.
    now += HOUR;
    expect(usage.calls).toEqual({ today: 0, thisMonth: 0 });
    usage.counted();
    now += 24 * HOUR;
    usage.counted();
    expect(usage.calls).toEqual({ today: 1, thisMonth: 2 });
  });

  it('keeps the count across a restart, and tells of each call', async () => {
    const file = join(await tempDir(), 'api-usage', 'dingapp.json');
    const first = await ApiUsage.open(file, silentLogger);
    const heard: number[] = [];
    first.on('changed', () => heard.push(first.calls.thisMonth));
    for (let i = 0; i < 3; i++) first.counted();
    expect(heard).toEqual([1, 2, 3]);
    await first.flush();
    const again = await ApiUsage.open(file, silentLogger);
    expect(again.calls).toEqual({ today: 3, thisMonth: 3 });
  });

  it('starts from nought, and says so, when the file cannot be read', async () => {
    const file = join(await tempDir(), 'dingapp.json');
    const broken = await ApiUsage.open(file, silentLogger);
    broken.counted();
    await broken.flush();
    await expect(readFile(file, 'utf8')).resolves.toContain('"monthCalls":1');
    await writeFile(file, '{ not json');
    const warnings: string[] = [];
    const read = await ApiUsage.open(file, { ...silentLogger, warn: (message: string) => void warnings.push(message) });
    expect(read.calls).toEqual({ today: 0, thisMonth: 0 });
    expect(warnings).toEqual([expect.stringMatching(/could not be read/)]);
  });

  it('is one count for every channel of the same app in this process', async () => {
    const file = join(await tempDir(), 'dingapp.json');
    const [a, b] = await Promise.all([apiUsageOf(file, silentLogger), apiUsageOf(file, silentLogger)]);
    expect(a).toBe(b);
    a.counted();
    await until(() => b.calls.thisMonth === 1, 'the shared count');
    await b.flush();
  });
});
