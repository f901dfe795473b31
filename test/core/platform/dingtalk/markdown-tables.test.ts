import { describe, expect, it } from 'vitest';
import { convertTables, displayWidth } from '../../../../electron/core/platform/dingtalk/markdown-tables.js';

const table = ['Before', '', '| Name | Age |', '|:-----|----:|', '| Bob | 3 |', '| 张三 | 40 |', '', 'After'].join('\n');

describe('convertTables', () => {
  it('rewrites a table as one readable line per row by default', () => {
    expect(convertTables(table, 'text')).toBe(['Before', '', '- Name: Bob · Age: 3', '- Name: 张三 · Age: 40', '', 'After'].join('\n'));
  });

  it('can render a table as an aligned code block, counting CJK as two columns', () => {
    const out = convertTables(table, 'code').split('\n');
    expect(out.slice(2, 8)).toEqual(['```', 'Name  Age', '----  ---', 'Bob   3', '张三  40', '```']);
  });

  it('leaves tables alone when asked to keep them', () => {
    expect(convertTables(table, 'keep')).toBe(table);
  });

  it('does not touch tables inside code fences or lines that merely contain pipes', () => {
    const fenced = ['```', '| a | b |', '|---|---|', '| 1 | 2 |', '```', 'x | y'].join('\n');
    expect(convertTables(fenced, 'text')).toBe(fenced);
  });

  it('keeps escaped pipes inside cells and marks empty cells', () => {
    expect(convertTables('| k | v |\n|---|---|\n| a \\| b |  |', 'text')).toBe('- k: a | b · v: —');
  });
});

describe('displayWidth', () => {
  it('counts wide characters twice', () => {
    expect(displayWidth('ab')).toBe(2);
    expect(displayWidth('钉钉')).toBe(4);
  });
});
