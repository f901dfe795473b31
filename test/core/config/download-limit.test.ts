import { describe, expect, it } from 'vitest';
import { parseChannel } from '../../../electron/core/config/load-config.js';

const withCap = (maxDownloadMB: unknown) => parseChannel('work', { dingtalk: { clientId: 'dingabc', clientSecret: 'secret-1234', maxDownloadMB }, cwd: process.cwd() });
const problemOf = (result: ReturnType<typeof withCap>) => (result.ok ? undefined : result.problems.map(({ path, message, code }) => ({ path, message, code })));

describe('dingtalk.maxDownloadMB', () => {
  it('is 50 MB unless set, and takes a whole number of MB from 1 to 1024', () => {
    const unset = parseChannel('work', { dingtalk: { clientId: 'dingabc', clientSecret: 'secret-1234' }, cwd: process.cwd() });
    expect(unset.ok && unset.channel.dingtalk.maxDownloadMB).toBe(50);
    for (const mb of [1, 200, 1024]) expect(withCap(mb)).toMatchObject({ ok: true, channel: { dingtalk: { maxDownloadMB: mb } } });
  });

  it.each([
    [0, 'must be at least 1 MB (got 0)', 'too_small'],
    [2048, 'must be at most 1024 MB (1 GB) (got 2048)', 'too_big'],
    [1.5, 'must be a whole number of MB (got 1.5)', 'wrong_type'],
    ['100MB', 'must be a number of MB (got "100MB")', 'wrong_type'],
  ])('refuses %j, saying what it takes', (value, message, code) => {
    expect(problemOf(withCap(value))).toEqual([{ path: 'channels.work.dingtalk.maxDownloadMB', message, code }]);
  });
});
