import type { LogEvent, LogQuery } from './event-schema.js';

/** Every filter of a query as one test (all but `limit`, which is the reader's to count). */
export function eventFilter(query: Omit<LogQuery, 'limit'>): (event: LogEvent) => boolean {
  const words = query.text?.toLowerCase();
  const kinds = query.kinds?.length ? new Set(query.kinds) : undefined;
  return (event) => {
    if (query.before && event.id >= query.before) return false;
    if (query.channel && event.channel !== query.channel) return false;
    if (kinds && !kinds.has(event.kind)) return false;
    if (query.conversationId && !('conversationId' in event && event.conversationId === query.conversationId)) return false;
    if (query.sender && !matchesSender(event, query.sender)) return false;
    if (words && !JSON.stringify(event).toLowerCase().includes(words)) return false;
    return true;
  };
}

function matchesSender(event: LogEvent, sender: string): boolean {
  const record = event as Record<string, unknown>;
  return record.senderStaffId === sender || record.senderId === sender || record.staffId === sender;
}
