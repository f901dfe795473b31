import { describe, expect, it } from 'vitest';
import { FileMarkers, type FileMarker } from '../../../electron/core/agents/file-markers.js';

function run(chunks: string[]): { text: string; markers: FileMarker[] } {
  const markers: FileMarker[] = [];
  const filter = new FileMarkers((marker) => markers.push(marker));
  const text = chunks.map((chunk) => filter.push(chunk)).join('') + filter.end();
  return { text, markers };
}

const SAMPLE = [
  'Here is the chart:',
  '[IMAGE:out/chart.png]',
  'And the report [file: My Report 2024.pdf ] as asked.',
  '',
  '[Image:a.png]',
  '',
  'To send one yourself, write `[IMAGE:path]` or:',
  '```md',
  '[FILE:example.pdf]',
  '```',
  'A [link](https://example.com) and [[FILE:b.txt]] and [IMAGE:] and [IMAGES:x] and [FILE:no',
  'end] and ``a ` [IMAGE:still-code.png]`` done.',
  '````',
  '```',
  '[IMAGE:in-long-fence.png]',
  '````',
  'Last: [FILE:C:\\Users\\me\\notes.docx]',
].join('\n');

const SAMPLE_TEXT = [
  'Here is the chart:',
  'And the report as asked.',
  '',
  'To send one yourself, write `[IMAGE:path]` or:',
  '```md',
  '[FILE:example.pdf]',
  '```',
  'A [link](https://example.com) and [] and [IMAGE:] and [IMAGES:x] and [FILE:no',
  'end] and ``a ` [IMAGE:still-code.png]`` done.',
  '````',
  '```',
  '[IMAGE:in-long-fence.png]',
  '````',
  'Last: ',
].join('\n');

const SAMPLE_MARKERS: FileMarker[] = [
  { kind: 'image', path: 'out/chart.png' },
  { kind: 'file', path: 'My Report 2024.pdf' },
  { kind: 'image', path: 'a.png' },
  { kind: 'file', path: 'b.txt' },
  { kind: 'file', path: 'C:\\Users\\me\\notes.docx' },
];

describe('FileMarkers', () => {
  it('takes the markers out of text outside code, leaving no gap where they stood', () => {
    expect(run([SAMPLE])).toEqual({ text: SAMPLE_TEXT, markers: SAMPLE_MARKERS });
  });

  it('gives the same text and markers wherever the text is split', () => {
    for (let at = 0; at <= SAMPLE.length; at++) {
      expect(run([SAMPLE.slice(0, at), SAMPLE.slice(at)]), `split at ${at}`).toEqual({ text: SAMPLE_TEXT, markers: SAMPLE_MARKERS });
    }
    expect(run([...SAMPLE])).toEqual({ text: SAMPLE_TEXT, markers: SAMPLE_MARKERS });
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      const chunks: string[] = [];
      for (let at = 0; at < SAMPLE.length; ) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const length = 1 + (seed % 12);
        chunks.push(SAMPLE.slice(at, at + length));
        at += length;
      }
      expect(run(chunks)).toEqual({ text: SAMPLE_TEXT, markers: SAMPLE_MARKERS });
    }
  });

  it('shows text at once, holding back only what may begin a marker', () => {
    const filter = new FileMarkers(() => undefined);
    expect(filter.push('Look at [IMA')).toBe('Look at ');
    expect(filter.push('X] now `')).toBe('[IMAX] now ');
    expect(filter.push('x')).toBe('`x');
  });

  it('leaves no double blank line where a marker had a line to itself', () => {
    expect(run(['Text\n\n[IMAGE:a.png]\n\nMore']).text).toBe('Text\n\nMore');
    expect(run(['Text\n[IMAGE:a.png]\n\nMore']).text).toBe('Text\n\nMore');
    expect(run(['Text\n\n[IMAGE:a.png]\n[FILE:b.pdf]\n\nMore']).text).toBe('Text\n\nMore');
    expect(run(['[IMAGE:a.png]\n\nHello']).text).toBe('Hello');
    expect(run(['See [IMAGE:a.png] here, and:[FILE:b.pdf] there']).text).toBe('See here, and: there');
  });

  it('releases as text an unended marker, one with a newline, and one longer than it may be', () => {
    const unended = run(['Sending [IMAGE:', 'shot.png']);
    expect(unended).toEqual({ text: 'Sending [IMAGE:shot.png', markers: [] });

    expect(run(['[IMAGE:a\nb.png]'])).toEqual({ text: '[IMAGE:a\nb.png]', markers: [] });

    const long = `[FILE:${'a'.repeat(1200)}]`;
    const filter = new FileMarkers(() => undefined);
    expect(filter.push(long.slice(0, 900))).toBe('');
    expect(filter.push(long.slice(900))).toBe(long);
    expect(filter.end()).toBe('');
  });
});
