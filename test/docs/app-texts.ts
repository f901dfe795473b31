import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Where a value goes in a text the app writes (`${…}` or an i18n `{name}`). */
const HOLE = '\u0000';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(tsx?|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every text the app's source can write: each string, template (its values as holes) and JSX text. */
function appTexts(root: string): string[] {
  const texts = new Set<string>();
  for (const file of ['electron', 'renderer/src', 'scripts'].flatMap((dir) => sourceFiles(join(root, dir)))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.add(node.text);
      else if (ts.isTemplateExpression(node)) texts.add(node.head.text + node.templateSpans.map((span) => HOLE + span.literal.text).join(''));
      else if (ts.isJsxText(node)) texts.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...texts].map((text) => text.replace(/\{\w+\}/g, HOLE));
}

interface Token {
  word: string;
  /** Punctuation other than a space comes between it and the word before, as where a list was joined. */
  joined: boolean;
}

/** Words, numbers, names and paths as they are; Chinese a character at a time, as it has no spaces. */
const WORD = /\p{Script=Han}|[\p{L}\p{N}_'’@$-]+(?:[./:]+[\p{L}\p{N}_'’@$-]+)*/gu;

function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  let end = 0;
  for (const match of text.matchAll(WORD)) {
    tokens.push({ word: match[0], joined: /[^\s]/u.test(text.slice(end, match.index)) });
    end = match.index + match[0].length;
  }
  return tokens;
}

/**
 * A value the docs show where the app writes one: a number, a code, a path, an address ("270", "E-XXXXXX", "N",
 * "a.csv", "host:port"), or a Chinese name ("张三": characters the app never writes).
 */
const isValue = (word: string, words: Set<string>) =>
  /^\p{Script=Han}$/u.test(word) ? !words.has(word) : /\d/.test(word) || /^[A-Z][A-Z0-9_-]*$/.test(word) || /[_./@:$]/.test(word);

/**
 * The words the app writes, in pairs as they follow each other in one text, and the words that meet a value or
 * another text: a message the docs quote is made of these, where the app writes it.
 */
export class AppWording {
  readonly #pairs = new Set<string>();
  readonly #triples = new Set<string>();
  readonly #words = new Set<string>();
  /** Words just before a hole: whatever the hole holds may follow them. */
  readonly #beforeHole = new Set<string>();
  readonly #afterHole = new Set<string>();
  /** The first and last words of a text: where texts are put into others, or joined in a list. */
  readonly #starts = new Set<string>();
  readonly #ends = new Set<string>();

  constructor(root: string) {
    for (const text of appTexts(root)) {
      const parts = text.split(HOLE);
      parts.forEach((part, index) => {
        const tokens = tokensOf(part).map((token) => token.word);
        tokens.forEach((word, at) => {
          this.#words.add(word);
          if (at > 0) this.#pairs.add(`${tokens[at - 1]} ${word}`);
          if (at > 1) this.#triples.add(`${tokens[at - 2]} ${tokens[at - 1]} ${word}`);
        });
        const first = tokens[0];
        const last = tokens.at(-1);
        if (first !== undefined) (index === 0 ? this.#starts : this.#afterHole).add(first);
        if (last !== undefined) (index === parts.length - 1 ? this.#ends : this.#beforeHole).add(last);
      });
    }
  }

  /**
   * The pairs of following words in a quote that the app never writes so. A value the app fills in is left out,
   * and `…` leaves text out: no pair is made across either.
   */
  strangePairs(quote: string): string[] {
    const strange: string[] = [];
    for (const part of quote.split(/…|\.\.\./)) {
      let previous: string | undefined;
      // The word before `previous`, when both pairs so far are words following each other inside one text.
      let inText: string | undefined;
      for (const { word: written, joined } of tokensOf(part)) {
        const word = this.#singular(written);
        if (isValue(word, this.#words)) {
          previous = undefined;
          inText = undefined;
          continue;
        }
        if (previous === undefined) {
          if (!this.#words.has(word)) strange.push(word);
          inText = undefined;
        } else {
          let how = this.#follows(previous, word, joined);
          if (how === 'text' && inText !== undefined && !this.#triples.has(`${inText} ${previous} ${word}`)) how = this.#meet(previous, word, joined);
          if (!how) strange.push(`${inText ?? ''} ${previous} ${word}`.trim());
          // Where texts may meet as well, the next pair is not held to this text.
          inText = how === 'text' && !this.#meet(previous, word, joined) ? previous : undefined;
        }
        previous = word;
      }
    }
    return strange;
  }

  /** A plural the app makes by adding an s to a word (`${unit}s`), as that word. */
  #singular(word: string): string {
    return !this.#words.has(word) && word.endsWith('s') && this.#words.has(word.slice(0, -1)) ? word.slice(0, -1) : word;
  }

  /** How `word` can follow `previous`: inside one text, where texts meet, or not at all. */
  #follows(previous: string, word: string, joined: boolean): 'text' | 'meet' | undefined {
    return this.#pairs.has(`${previous} ${word}`) ? 'text' : this.#meet(previous, word, joined);
  }

  #meet(previous: string, word: string, joined: boolean): 'meet' | undefined {
    // One text put into another, where the other has a hole; or, set apart by quotes or brackets, what someone wrote.
    if (this.#beforeHole.has(previous) && (this.#starts.has(word) || (joined && !this.#words.has(word)))) return 'meet';
    if (this.#afterHole.has(word) && (this.#ends.has(previous) || (joined && !this.#words.has(previous)))) return 'meet';
    // Texts joined into a list.
    return joined && this.#ends.has(previous) && this.#starts.has(word) ? 'meet' : undefined;
  }
}
