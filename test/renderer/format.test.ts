import { describe, expect, it } from 'vitest';
import { dateTime, elapsed } from '../../renderer/src/format';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

describe('dates in the window', () => {
  it('are written the way the window’s language writes them, not the browser’s', () => {
    const at = new Date(2026, 10, 29, 10, 15).getTime();
    expect(dateTime(at, en)).toMatch(/^Nov 29, 2026,? 10:15\sAM$/);
    expect(dateTime(at, zhCN)).toMatch(/^2026年11月29日 10:15$/);
  });
});

describe('how long something took', () => {
  it('is said to a tenth of a second while short, never as “0 s”, and in the window’s language', () => {
    expect([20, 140, 1_240, 9_940, 12_400, 150_000].map((ms) => elapsed(ms, en))).toEqual(['under 0.1 s', '0.1 s', '1.2 s', '9.9 s', '12 s', '3 min']);
    expect(elapsed(20, zhCN)).toBe('不到 0.1 秒');
    expect(elapsed(1_240, zhCN)).toBe('1.2 秒');
  });
});
