import { z } from 'zod';

/** DingTalk's markdown has no tables: `text` rewrites them as lines, `code` as an aligned block, `keep` as sent. */
export const TableModeSchema = z.enum(['text', 'code', 'keep']);
export type TableMode = z.infer<typeof TableModeSchema>;

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const DELIMITER = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** Rewrites every markdown table outside code fences according to `mode`. */
export function convertTables(markdown: string, mode: TableMode): string {
  if (mode === 'keep') return markdown;
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const marker = line.match(FENCE)?.[1];
    if (marker) {
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      out.push(line);
      continue;
    }
    const next = lines[i + 1];
    if (!fence && line.includes('|') && next !== undefined && DELIMITER.test(next)) {
      const header = splitRow(line);
      const rows: string[][] = [];
      let j = i + 2;
      while (j < lines.length && (lines[j] ?? '').includes('|') && (lines[j] ?? '').trim() !== '') {
        rows.push(splitRow(lines[j] ?? ''));
        j++;
      }
      out.push(...(mode === 'code' ? tableAsCode(header, rows) : tableAsText(header, rows)));
      i = j - 1;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function tableAsText(header: string[], rows: string[][]): string[] {
  return rows.map((row) => {
    const cells = row.map((value, index) => {
      const name = header[index];
      return name ? `${name}: ${value || '—'}` : value;
    });
    return `- ${cells.filter(Boolean).join(' · ')}`;
  });
}

function tableAsCode(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const columns = Math.max(...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...all.map((row) => displayWidth(row[c] ?? ''))));
  const render = (row: string[]) =>
    widths.map((width, c) => pad(row[c] ?? '', width)).join('  ').trimEnd();
  return ['```', render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(render), '```'];
}

/** Columns as a monospace font shows them: East Asian wide characters take two cells. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
