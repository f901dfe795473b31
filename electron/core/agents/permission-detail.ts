/**
 * The most of what a tool wants that is kept: far more than any real command, and a bound on a hostile one so it
 * cannot fill the log and the window. Past it the text is cut, and the cut says so.
 */
export const DETAIL_MAX_CHARS = 100_000;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * `text` with at most `max` of its characters, followed by `marker(left)` when some (`left` of them) were cut:
 * a shortened command never passes for the whole one.
 */
export function cutMarked(text: string, max: number, marker: (left: number) => string): string {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}${marker(text.length - end)}`;
}

/** The fields that say what a tool call does, in the order agents use them. */
const PRIMARY_FIELDS = ['command', 'cmd', 'path', 'file_path', 'url'];

function primaryField(record: Record<string, unknown>): string | undefined {
  for (const key of PRIMARY_FIELDS) {
    const value = record[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.join(' ');
  }
  return undefined;
}

/**
 * What the tool is called, as the person approving it reads it: its title, unless that is only its input written
 * as JSON (Qwen Code titles an MCP tool's call so, and names the tool in `_meta.toolName`).
 */
export function toolTitleOf(toolCall: { title?: string | null; kind?: string | null; _meta?: { [key: string]: unknown } | null }): string {
  const named = toolCall._meta?.toolName;
  if (typeof named === 'string' && named && (!toolCall.title || /^\s*[{[]/.test(toolCall.title))) return named;
  return toolCall.title || toolCall.kind || 'a tool';
}

/** What a tool wants to do (its command, path or address, else its whole input), as the person approving it reads it. */
export function describeToolInput(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text =
    typeof raw === 'string' ? raw : typeof raw === 'object' ? (primaryField(raw as Record<string, unknown>) ?? JSON.stringify(raw)) : String(raw);
  return cutMarked(text, DETAIL_MAX_CHARS, (left) => `… [${left} more characters not shown]`);
}
