// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DingTalkMarkdown } from '../../renderer/src/pages/simulator/DingTalkMarkdown';

afterEach(cleanup);

describe('DingTalk markdown in the simulator', () => {
  it('renders the subset DingTalk shows', () => {
    const { container } = render(
      <DingTalkMarkdown text={'## Title\n\n**bold** and *italic* and `code`\n\n- one\n- two\n\n7. seven\n8. eight\n\n> quoted\n\n```ts\nconst a = 1;\n```\n\n[docs](https://example.com) [local](file:///etc/passwd)\n\n---'} />,
    );
    expect(container.querySelector('.md-h2')?.textContent).toBe('Title');
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('em')?.textContent).toBe('italic');
    expect(container.querySelector('p code')?.textContent).toBe('code');
    expect([...container.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(container.querySelector('ol')?.getAttribute('start')).toBe('7');
    expect(container.querySelector('blockquote')?.textContent).toBe('quoted');
    expect(container.querySelector('pre code')?.textContent).toBe('const a = 1;');
    expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://example.com']);
    expect(container.textContent).toContain('local');
    expect(container.querySelector('hr')).not.toBeNull();
  });

  it('makes room for numbers as long as the list’s longest, so "100." stays inside the bubble', () => {
    const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, n) => `${from + n}. item`).join('\n');
    const { container } = render(<DingTalkMarkdown text={`${numbered(1, 9)}\n\ntext\n\n${numbered(95, 104)}\n\ntext\n\n${numbered(998, 1000)}`} />);
    const lists = [...container.querySelectorAll('ol')];
    expect(lists.map((ol) => [ol.getAttribute('start'), ol.style.getPropertyValue('--marker-digits')])).toEqual([
      ['1', '1'],
      ['95', '3'],
      ['998', '4'],
    ]);
  });

  it('never turns text into HTML', () => {
    const { container } = render(<DingTalkMarkdown text={'<img src=x onerror=alert(1)> <b>not bold</b>'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
