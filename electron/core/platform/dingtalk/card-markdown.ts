import { convertTables, type TableMode } from './markdown-tables.js';

const FENCE = /^\s*(```|~~~)/;

/**
 * Markdown as an AI card draws it: tables rewritten as for messages, and a lone line break (which a card runs into
 * the line before) made a hard one, outside code blocks, whose lines are kept as they are.
 */
export function cardMarkdown(text: string, tables: TableMode): string {
  let inCode = false;
  const lines = convertTables(text, tables).split('\n');
  return lines
    .map((line, index) => {
      if (FENCE.test(line)) inCode = !inCode;
      const next = lines[index + 1];
      const hardBreak = !inCode && !FENCE.test(line) && line.trim() !== '' && next !== undefined && next.trim() !== '' && !line.endsWith('  ');
      return hardBreak ? `${line}  ` : line;
    })
    .join('\n');
}
