import { describe, expect, it } from 'vitest';
import { cardMarkdown } from '../../../../electron/core/platform/dingtalk/card-markdown.js';
import { convertTables } from '../../../../electron/core/platform/dingtalk/markdown-tables.js';

describe('markdown as an AI card draws it', () => {
  it('keeps a lone line break in prose as a line break, and blank lines as they are', () => {
    expect(cardMarkdown('First line\nsecond line\nthird line\n\nNew paragraph', 'text')).toBe('First line  \nsecond line  \nthird line\n\nNew paragraph');
    expect(cardMarkdown('One\n\n\nTwo\n', 'text')).toBe('One\n\n\nTwo\n');
  });

  it('leaves a line that already ends in a hard break as it is', () => {
    expect(cardMarkdown('Ends in two spaces  \nnext', 'text')).toBe('Ends in two spaces  \nnext');
  });

  it('leaves the lines of a code block exactly as they are', () => {
    const code = ['```ts', 'const a = 1;', 'const b = 2;', '', '  return a + b;', '```'];
    const text = ['Run this:', ...code, 'Then this:', 'done'].join('\n');
    expect(cardMarkdown(text, 'text').split('\n')).toEqual(['Run this:  ', ...code, 'Then this:  ', 'done']);
  });

  it('rewrites a table as messages do, the rows on lines of their own', () => {
    const text = ['Results:', '', '| Test | Status |', '|------|--------|', '| unit | pass |', '| e2e | fail |', '', 'Done.'].join('\n');
    const out = cardMarkdown(text, 'text');
    expect(out).not.toMatch(/\|\s*-{3,}/);
    expect(out).toBe(['Results:', '', '- Test: unit · Status: pass  ', '- Test: e2e · Status: fail', '', 'Done.'].join('\n'));
    expect(out.replaceAll('  \n', '\n')).toBe(convertTables(text, 'text'));
  });

  it('keeps a table as sent when the channel keeps tables', () => {
    const table = '| a | b |\n|---|---|\n| 1 | 2 |';
    expect(cardMarkdown(table, 'keep').split('\n').map((line) => line.trimEnd())).toEqual(table.split('\n'));
  });

  it('leaves the lines of a code block fenced with tildes as they are', () => {
    const text = ['Output:', '~~~', 'line one', 'line two', '~~~'].join('\n');
    expect(cardMarkdown(text, 'text')).toBe(['Output:  ', '~~~', 'line one', 'line two', '~~~'].join('\n'));
  });
});
