import { describe, expect, it } from 'vitest';
import { isWellFormed } from './well-formed.js';
import { splitMarkdown, titleFrom, utf8Length } from '../../../../electron/core/platform/dingtalk/chunker.js';

describe('splitMarkdown', () => {
  it('leaves a short reply whole', () => {
    expect(splitMarkdown('# Hi\n\nshort')).toEqual(['# Hi\n\nshort']);
  });

  it('splits long replies on line boundaries under the character limit, losing nothing', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const chunks = splitMarkdown(lines.join('\n'), { maxChars: 1000, maxBytes: 100_000 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1000);
    expect(chunks.join('\n').split('\n')).toEqual(lines);
  });

  it('keeps each chunk under the byte limit for CJK text', () => {
    const text = Array.from({ length: 100 }, () => '钉钉机器人回复内容'.repeat(10)).join('\n');
    const chunks = splitMarkdown(text, { maxChars: 3800, maxBytes: 1000 });
    for (const chunk of chunks) expect(utf8Length(chunk)).toBeLessThanOrEqual(1000);
    expect(chunks.join('\n')).toBe(text);
  });

  it('cuts an over-long line without splitting a surrogate pair', () => {
    const text = '😀'.repeat(3000);
    const chunks = splitMarkdown(text, { maxChars: 999, maxBytes: 100_000 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(999);
      expect(isWellFormed(chunk)).toBe(true);
    }
    expect(chunks.join('')).toBe(text);
  });

  it('prefers to cut a long line at a space', () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const chunks = splitMarkdown(text, { maxChars: 200, maxBytes: 100_000 });
    for (const chunk of chunks.slice(0, -1)) expect(chunk).toMatch(/word\d+$/);
  });

  it('closes a code fence at the end of a chunk and reopens it, with its language, in the next', () => {
    const code = Array.from({ length: 120 }, (_, i) => `const v${i} = ${i};`);
    const text = ['Here is the code:', '```ts', ...code, '```', 'Done.'].join('\n');
    const chunks = splitMarkdown(text, { maxChars: 600, maxBytes: 100_000 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(600);
      const fences = chunk.split('\n').filter((line) => line.startsWith('```'));
      expect(fences.length % 2).toBe(0);
    }
    expect(chunks[1]?.startsWith('```ts\n')).toBe(true);
    expect(chunks.at(-1)?.endsWith('Done.')).toBe(true);
    const body = chunks.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('const'));
    expect(body).toEqual(code);
  });

  it('drops nothing but trailing blank space', () => {
    expect(splitMarkdown('\n\n')).toEqual([]);
    expect(splitMarkdown('a\r\nb')).toEqual(['a\nb']);
  });
});

describe('titleFrom', () => {
  it('takes the first line without markdown marks', () => {
    expect(titleFrom('\n## **Result**: ok\nmore')).toBe('Result: ok');
    expect(titleFrom('```ts\ncode\n```')).toBe('code');
    expect(titleFrom('[link text](https://x)')).toBe('link text');
  });

  it('shortens long first lines without breaking characters', () => {
    const title = titleFrom('😀'.repeat(50));
    expect(Array.from(title)).toHaveLength(30);
    expect(title.endsWith('…')).toBe(true);
  });

  it('has a fallback for an empty reply', () => {
    expect(titleFrom('   \n')).toBe('Reply');
  });
});
