import type { LogEvent } from '../events/event-schema.js';

const COLUMNS = ['time', 'channel', 'kind', 'conversationId', 'senderStaffId', 'nick', 'detail'] as const;

/**
 * Spreadsheets run a cell that starts with one of these as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`), and
 * chat text, names and ids come from anyone who can message the bot. A leading `'` keeps such a cell text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const cell = (value: unknown) => {
  const raw = value === undefined || value === null ? '' : String(value);
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The one line a person reads first: the preview, the reason, the error, the reply path … */
function detailOf(event: LogEvent): string {
  const { id: _id, at: _at, channel: _channel, kind: _kind, ...rest } = event as Record<string, unknown>;
  for (const key of ['preview', 'reason', 'error', 'message', 'line', 'title', 'detail']) {
    if (typeof rest[key] === 'string') return rest[key] as string;
  }
  return JSON.stringify(rest);
}

/** The events as JSON lines (everything) or CSV (one readable row each, for a spreadsheet). */
export function exportEvents(events: LogEvent[], format: 'jsonl' | 'csv'): string {
  if (format === 'jsonl') return events.map((event) => JSON.stringify(event)).join('\n') + (events.length ? '\n' : '');
  const rows = events.map((event) => {
    const record = event as Record<string, unknown>;
    return [new Date(event.at).toISOString(), event.channel, event.kind, record.conversationId, record.senderStaffId ?? record.staffId, record.nick, detailOf(event)]
      .map(cell)
      .join(',');
  });
  return [COLUMNS.join(','), ...rows].join('\n') + '\n';
}
