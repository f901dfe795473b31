import { describe, expect, it } from 'vitest';
import { pagesIn, sectionShapes } from './doc-pages.js';

describe('the guide in both languages', () => {
  const english = pagesIn('en');
  const chinese = pagesIn('zh-CN');

  it('has the same pages', () => {
    expect(chinese.map((page) => page.path.replace('zh-CN', 'en'))).toEqual(english.map((page) => page.path));
  });

  it.each(english.map((page, index) => [page.path, page, chinese[index]] as const))('has in %s the same sections, each with as many table rows, examples and points', (_path, en, zh) => {
    expect(sectionShapes(zh?.text ?? '')).toEqual(sectionShapes(en.text));
  });
});
