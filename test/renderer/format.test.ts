import { describe, expect, it } from 'vitest';
import { dateTime } from '../../renderer/src/format';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

describe('dates in the window', () => {
  it('are written the way the window’s language writes them, not the browser’s', () => {
    const at = new Date(2026, 10, 29, 10, 15).getTime();
    expect(dateTime(at, en)).toMatch(/^Nov 29, 2026,? 10:15\sAM$/);
    expect(dateTime(at, zhCN)).toMatch(/^2026年11月29日 10:15$/);
  });
});
