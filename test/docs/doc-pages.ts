import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const LANGUAGES = ['en', 'zh-CN'] as const;

export interface DocPage {
  /** As the repository names it: `README.md`, `docs/en/agents.md`. */
  path: string;
  text: string;
}

export const pagesIn = (language: (typeof LANGUAGES)[number]): DocPage[] =>
  readdirSync(join(ROOT, 'docs', language))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ path: `docs/${language}/${name}`, text: readFileSync(join(ROOT, 'docs', language, name), 'utf8') }));

/** Every page a user reads: the README and the guide in both languages. */
export const allPages = (): DocPage[] => [{ path: 'README.md', text: readFileSync(join(ROOT, 'README.md'), 'utf8') }, ...LANGUAGES.flatMap(pagesIn)];

/** The page's text outside fenced code blocks, each replaced by an empty line so line numbers hold. */
export const prose = (text: string): string => text.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ''));

/** The fenced code blocks: their language tag and text. */
export const codeBlocks = (text: string): Array<{ tag: string; code: string }> =>
  [...text.matchAll(/```([\w-]*)\n([\s\S]*?)```/g)].map((match) => ({ tag: match[1] ?? '', code: match[2] ?? '' }));

/** The inline code spans of the prose. */
export const inlineCode = (text: string): string[] => [...prose(text).matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');

/** The messages a page quotes: in *italics*, the guide's way of showing what Dingbridge writes; code inside kept. */
export function quotedMessages(text: string): string[] {
  const STAR = '\u0001';
  const unfenced = prose(text).replace(/`([^`\n]*)`/g, (_span, code: string) => code.replaceAll('*', STAR));
  return [...unfenced.matchAll(/(?<![*\w])\*(?![*\s])([^*\n]+?)(?<!\s)\*(?![*\w])/g)].map((match) => (match[1] ?? '').replaceAll(STAR, '*'));
}

/**
 * The window's and the bot's Chinese words the Chinese guide quotes "like this", as the English guide quotes them
 * in italics; Chinese quotation marks (“…”) are for other words.
 */
export const quotedChinese = (text: string): string[] =>
  [...prose(text).replace(/`[^`\n]*`/g, '').matchAll(/"([^"\n]*\p{Script=Han}[^"\n]*)"/gu)].map((match) => match[1] ?? '');

export interface SectionShape {
  /** The heading's level, 0 before the first. */
  level: number;
  tableRows: number;
  codeBlocks: number;
  listItems: number;
}

/**
 * What each section of a page holds, by its headings: a translation that left out a row, an example or a point
 * has another shape. Lines are not compared: English is wrapped, Chinese is not.
 */
export function sectionShapes(text: string): SectionShape[] {
  const shapes: SectionShape[] = [];
  let section: SectionShape = { level: 0, tableRows: 0, codeBlocks: 0, listItems: 0 };
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) {
      if (!inCode) section.codeBlocks += 1;
      inCode = !inCode;
    } else if (!inCode) {
      const heading = /^(#{1,6}) /.exec(line);
      if (heading) {
        shapes.push(section);
        section = { level: heading[1]?.length ?? 0, tableRows: 0, codeBlocks: 0, listItems: 0 };
      } else if (line.startsWith('|')) section.tableRows += 1;
      else if (/^\s*([-*]|\d+\.) /.test(line)) section.listItems += 1;
    }
  }
  return [...shapes, section];
}
