/** How an answer fits a live reply (an AI card) that holds a limited number of characters. */
/** Room kept for the blank line before a note, and a code block closed where the text is cut. */
const SLACK = 8;
const FENCE = /^\s*(```|~~~)/;

/** The fence line that opens the code block `text` ends inside (its language kept), if it ends inside one. */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    if (!FENCE.test(line)) continue;
    open = open === undefined ? line.trim() : undefined;
  }
  return open;
}

/** Where to cut `text` to keep at most `room` characters: a paragraph's end, else a line's, else a character's. */
function cutAt(text: string, room: number): number {
  for (const breakAt of ['\n\n', '\n']) {
    const at = text.lastIndexOf(breakAt, room);
    if (at >= room / 2) return at;
  }
  const code = text.charCodeAt(room - 1);
  // Never between the two halves of one character.
  return code >= 0xd800 && code <= 0xdbff ? room - 1 : room;
}

/** `text` cut to at most `room` characters, and the rest; a code block cut in two is closed, and opened again in the rest. */
function cut(text: string, room: number): { head: string; rest: string } {
  if (room <= 0) return { head: '', rest: text };
  const at = cutAt(text, room);
  let head = text.slice(0, at).trimEnd();
  // Only the line breaks go: the next line's indentation is part of it.
  let rest = text.slice(at).replace(/^\n+/, '');
  const fence = openFence(head);
  if (fence) {
    head += `\n${fence.slice(0, 3)}`;
    rest = `${fence}\n${rest}`;
  }
  return { head, rest };
}

const under = (head: string, note: string) => (head ? `${head}\n\n${note}` : note);

/**
 * An answer as a card holds it: all of it when it fits; else its beginning, cut at a paragraph, with `continued`
 * under it, and the rest (`overflow`) for messages after the card.
 */
export function splitForCard(text: string, maxChars: number, continued: string): { shown: string; overflow: string } {
  if (text.length <= maxChars) return { shown: text, overflow: '' };
  const { head, rest } = cut(text, maxChars - continued.length - SLACK);
  return { shown: under(head, continued), overflow: rest };
}

/** `note` under as much of `text` as a card has room for beside it. */
export function withNoteForCard(text: string, note: string, maxChars: number): string {
  if (text.length + note.length + 2 <= maxChars) return under(text, note);
  return under(cut(text, maxChars - note.length - SLACK).head, note);
}
