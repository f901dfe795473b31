import { describe, expect, it } from 'vitest';
import { dateTime, elapsed, fileSize } from '../../renderer/src/format';
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

describe('the size of a file', () => {
  it('is in bytes, KB or MB, to a tenth where that is not whole', () => {
    expect([512, 1024, 86_016, 86_500, 1_048_575, 1_258_291, 20 * 1024 * 1024].map((bytes) => fileSize(bytes, en))).toEqual(['512 bytes', '1 KB', '84 KB', '84.5 KB', '1 MB', '1.2 MB', '20 MB']);
    expect(fileSize(512, zhCN)).toBe('512 字节');
  });
});
