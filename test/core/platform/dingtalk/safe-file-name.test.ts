import { describe, expect, it } from 'vitest';
import { isWellFormed } from './well-formed.js';
import { extensionForMime, numberedName, safeFileName } from '../../../../electron/core/platform/dingtalk/safe-file-name.js';

describe('safeFileName', () => {
  it('keeps an ordinary name, including CJK', () => {
    expect(safeFileName('报告 2026.pdf', 'x')).toBe('报告 2026.pdf');
  });

  it('keeps only the last path segment, so no name can leave the inbox folder', () => {
    expect(safeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeFileName('..\\..\\Windows\\system.ini', 'x')).toBe('system.ini');
    expect(safeFileName('/abs/path/a.txt', 'x')).toBe('a.txt');
  });

  it('falls back when nothing usable is left', () => {
    expect(safeFileName('..', 'file-1.bin')).toBe('file-1.bin');
    expect(safeFileName('   ', 'file-1.bin')).toBe('file-1.bin');
    expect(safeFileName(undefined, 'file-1.bin')).toBe('file-1.bin');
    expect(safeFileName('a/b/', 'file-1.bin')).toBe('file-1.bin');
  });

  it('replaces control and reserved characters and strips leading dots', () => {
    expect(safeFileName('a\u0000b<c>:d"e|f?g*.txt', 'x')).toBe('a_b_c__d_e_f_g_.txt');
    expect(safeFileName('.bashrc', 'x')).toBe('bashrc');
  });

  it('defuses Windows device names', () => {
    expect(safeFileName('CON', 'x')).toBe('_CON');
    expect(safeFileName('nul.txt', 'x')).toBe('_nul.txt');
  });

  it('shortens very long names to 150 bytes, keeping the extension and whole characters', () => {
    const name = safeFileName(`${'长'.repeat(200)}.docx`, 'x');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(150);
    expect(name.endsWith('.docx')).toBe(true);
    expect(isWellFormed(name)).toBe(true);
  });
});

describe('numberedName and extensionForMime', () => {
  it('numbers before the extension', () => {
    expect(numberedName('a.pdf', 2)).toBe('a (2).pdf');
    expect(numberedName('README', 3)).toBe('README (3)');
  });

  it('maps common types and falls back to .bin', () => {
    expect(extensionForMime('image/png')).toBe('.png');
    expect(extensionForMime('IMAGE/JPEG')).toBe('.jpg');
    expect(extensionForMime('application/x-weird')).toBe('.bin');
  });
});
