/** A file the agent asked, in its text, to have sent to the chat. */
export interface FileMarker {
  kind: 'image' | 'file';
  path: string;
}

/** The longest marker recognised, `[` to `]`: it is all the text held back while waiting for a `]`. */
const MAX_MARKER = 1000;
const MARKER = /^\[(image|file):([^\]\n]*)\]/i;
const OPENINGS = ['[image:', '[file:'];
const SPECIAL = /[`\n[]/g;

/**
 * What to take out after a marker so that taking it out leaves no gap: the space after one mid-line; after one alone
 * on its line, that line's end, and one newline more when a blank line comes before and after it.
 */
type Gap = 'none' | 'space' | 'line' | 'blank' | 'newline';
const AFTER_GAP: Record<Gap, Partial<Record<string, Gap>>> = {
  none: {},
  space: { ' ': 'none' },
  line: { ' ': 'none', '\n': 'none' },
  blank: { ' ': 'none', '\n': 'newline' },
  newline: { '\n': 'none' },
};

/**
 * Takes `[IMAGE:path]` and `[FILE:path]` markers (Qwen Code's way of sending a file) out of an agent's streamed text.
 * The text comes in arbitrary chunks, so a possible marker's beginning is held back until it is known to be one.
 * Markers in code, fenced or inline, are shown as they are: the agent is showing the syntax, not using it. Inline
 * code ends at the line's end here, so a stray backtick costs the rest of its line its markers, never more.
 */
export class FileMarkers {
  #held = '';
  /** The length of the backtick run that opened the fenced block the text is in, 0 outside one. */
  #fence = 0;
  /** The length of the backtick run that opened the inline code the text is in, 0 outside it. */
  #inline = 0;
  /** Only blanks so far on this line: a backtick run here may open or close a fence. */
  #lineStart = true;
  #gap: Gap = 'none';
  /** The last two characters shown; the text's start counts as following a blank line. */
  #shown = '\n\n';

  constructor(private readonly found: (marker: FileMarker) => void) {}

  /** Returns the text that can be shown now. */
  push(chunk: string): string {
    this.#held += chunk;
    return this.#drain(false);
  }

  /** Returns whatever was held back, the text having ended. */
  end(): string {
    return this.#drain(true);
  }

  #drain(final: boolean): string {
    const text = this.#held;
    let out = '';
    const show = (part: string) => {
      out += part;
      this.#shown = (this.#shown + part).slice(-2);
    };
    let at = 0;
    while (at < text.length) {
      const char = text[at] as string;
      if (this.#gap !== 'none') {
        const next = AFTER_GAP[this.#gap][char];
        this.#gap = next ?? 'none';
        if (next === undefined) continue;
        if (char === '\n') this.#lineStart = true;
        at++;
      } else if (char === '`') {
        let end = at + 1;
        while (text[end] === '`') end++;
        if (end === text.length && !final) break;
        this.#backticks(end - at);
        show(text.slice(at, end));
        at = end;
      } else if (char === '\n') {
        show(char);
        this.#inline = 0;
        this.#lineStart = true;
        at++;
      } else {
        const marker = char === '[' && !this.#fence && !this.#inline ? scan(text, at, final) : 'text';
        if (marker === 'undecided') break;
        if (marker !== 'text') {
          this.found(marker.marker);
          this.#gap = this.#shown.endsWith('\n') ? (this.#shown === '\n\n' ? 'blank' : 'line') : this.#shown.endsWith(' ') ? 'space' : 'none';
          this.#lineStart = false;
          at = marker.end;
          continue;
        }
        SPECIAL.lastIndex = at + 1;
        const end = SPECIAL.exec(text)?.index ?? text.length;
        const part = text.slice(at, end);
        if (/[^ \t]/.test(part)) this.#lineStart = false;
        show(part);
        at = end;
      }
    }
    this.#held = text.slice(at);
    return out;
  }

  #backticks(run: number): void {
    if (this.#fence) {
      if (this.#lineStart && run >= this.#fence) this.#fence = 0;
    } else if (this.#inline) {
      if (run === this.#inline) this.#inline = 0;
    } else if (this.#lineStart && run >= 3) {
      this.#fence = run;
    } else {
      this.#inline = run;
    }
    this.#lineStart = false;
  }
}

/** Whether the `[` at `at` begins a marker, is plain text, or needs more text to tell. */
function scan(text: string, at: number, final: boolean): { marker: FileMarker; end: number } | 'text' | 'undecided' {
  const window = text.slice(at, at + MAX_MARKER);
  const whole = MARKER.exec(window);
  if (whole) {
    const path = (whole[2] as string).trim();
    if (!path) return 'text';
    return { marker: { kind: (whole[1] as string).toLowerCase() as FileMarker['kind'], path }, end: at + whole[0].length };
  }
  if (final || window.length >= MAX_MARKER || window.includes('\n') || window.includes(']')) return 'text';
  const opening = window.toLowerCase();
  return OPENINGS.some((known) => known.startsWith(opening) || opening.startsWith(known)) ? 'undecided' : 'text';
}
