import { describe, expect, it } from 'vitest';
import { splitForCard, withNoteForCard } from '../../../electron/core/platform/live-text.js';

const CONTINUED = '*(the rest follows below)*';
/** `count` paragraphs of words, each `paragraph <n>: word word … word.` */
const paragraphs = (count: number, words = 12) =>
  Array.from({ length: count }, (_, n) => `paragraph ${n + 1}: ${Array.from({ length: words }, () => 'word').join(' ')}.`).join('\n\n');

describe('an answer too long for one card', () => {
  it('shows a short answer whole, with nothing left over', () => {
    expect(splitForCard('All tests pass.', 100, CONTINUED)).toEqual({ shown: 'All tests pass.', overflow: '' });
    const exact = 'x'.repeat(100);
    expect(splitForCard(exact, 100, CONTINUED)).toEqual({ shown: exact, overflow: '' });
  });

  it('cuts a long answer at the end of a paragraph, says the rest follows, and leaves the rest for messages', () => {
    const text = paragraphs(6);
    const maxChars = 200;
    const { shown, overflow } = splitForCard(text, maxChars, CONTINUED);
    expect(shown.length).toBeLessThanOrEqual(maxChars);
    expect(shown.endsWith(`.\n\n${CONTINUED}`)).toBe(true);
    const head = shown.slice(0, -`\n\n${CONTINUED}`.length);
    // Whole paragraphs on the card, the next ones whole in the rest: nothing lost, nothing cut mid-word.
    expect(head).toBe(paragraphs(2));
    expect(`${head}\n\n${overflow}`).toBe(text);
    expect(overflow.startsWith('paragraph 3: word')).toBe(true);
  });

  it('closes a code block it cuts on the card and opens it again in the rest', () => {
    const code = Array.from({ length: 30 }, (_, n) => `const value${n} = ${n};`).join('\n');
    const text = `The new file:\n\n\`\`\`\n${code}\n\`\`\`\n\nThat is all.`;
    const { shown, overflow } = splitForCard(text, 300, CONTINUED);
    expect(shown.length).toBeLessThanOrEqual(300);
    const head = shown.slice(0, -`\n\n${CONTINUED}`.length);
    expect(head.startsWith('The new file:\n\n```\nconst value0 = 0;\n')).toBe(true);
    expect(head.endsWith(';\n```')).toBe(true);
    expect(overflow.startsWith('```\nconst value')).toBe(true);
    expect(overflow.endsWith('\n```\n\nThat is all.')).toBe(true);
    // Every line of code is on the card or in the rest, once, in order.
    const codeLines = (part: string) => part.split('\n').filter((line) => line.startsWith('const '));
    expect([...codeLines(head), ...codeLines(overflow)]).toEqual(code.split('\n'));
  });

  it('keeps the indentation of the first line of code, and the code’s language, in the rest', () => {
    const body = Array.from({ length: 12 }, (_, n) => `    total += ${n}`).join('\n');
    const text = `Here:\n\n\`\`\`python\ndef f():\n    total = 0\n${body}\n    return total\n\`\`\``;
    const { shown, overflow } = splitForCard(text, 150, CONTINUED);
    const head = shown.slice(0, -`\n\n${CONTINUED}`.length);
    expect(head.endsWith('\n```')).toBe(true);
    expect(overflow.startsWith('```python\n')).toBe(true);
    // The code reads the same once the card and the messages are put together (less the fences added between).
    expect(`${head.slice(0, -'\n```'.length)}\n${overflow.replace(/^```python\n/, '')}`).toBe(text);
  });

  it('never cuts an emoji in half when there is no line break to cut at', () => {
    const text = '😀'.repeat(100);
    for (const maxChars of [60, 61]) {
      const { shown, overflow } = splitForCard(text, maxChars, 'N');
      expect(shown.length).toBeLessThanOrEqual(maxChars);
      const head = shown.slice(0, -'\n\nN'.length);
      // Whole emoji only: every character a full pair, and the two parts make the text again.
      expect(head).toMatch(/^(😀)+$/u);
      expect(overflow).toMatch(/^(😀)+$/u);
      expect(head + overflow).toBe(text);
    }
  });
});

describe('a note under what a card shows', () => {
  it('is all a card with no text shows', () => {
    expect(withNoteForCard('', '*Stopped*', 100)).toBe('*Stopped*');
  });

  it('goes under the text, after a blank line, when both fit', () => {
    expect(withNoteForCard('Half of the answer', '*Stopped*', 100)).toBe('Half of the answer\n\n*Stopped*');
  });

  it('is kept when the text is too long, the text cut to leave room for it', () => {
    const text = paragraphs(6);
    const shown = withNoteForCard(text, '*Stopped*', 200);
    expect(shown.length).toBeLessThanOrEqual(200);
    expect(shown).toBe(`${paragraphs(2)}\n\n*Stopped*`);
  });

  it('is kept when the text fits the card by itself but not with the note', () => {
    const text = 'x'.repeat(95);
    const shown = withNoteForCard(text, '*Stopped*', 100);
    expect(shown.length).toBeLessThanOrEqual(100);
    expect(shown.endsWith('\n\n*Stopped*')).toBe(true);
    expect(text.startsWith(shown.slice(0, -'\n\n*Stopped*'.length))).toBe(true);
  });
});
