import type { LogEvent, LogEventKind } from './event-schema.js';

/** The kinds that repeat their message's conversation and sender, and whether their schema requires the conversationId. */
const REPEATS_CONTEXT = new Map<LogEventKind, { conversationRequired: boolean }>([
  ['access.decision', { conversationRequired: true }],
  ['agent.turn.started', { conversationRequired: false }],
  ['agent.tool', { conversationRequired: false }],
  ['agent.permission.asked', { conversationRequired: false }],
  ['agent.permission.answered', { conversationRequired: false }],
  ['agent.turn.finished', { conversationRequired: false }],
  ['reply.sent', { conversationRequired: true }],
  ['reply.waiting', { conversationRequired: true }],
  ['reply.held', { conversationRequired: true }],
  ['reply.failed', { conversationRequired: true }],
  ['error', { conversationRequired: false }],
]);

const SENDER_AND_PLACE = ['conversationType', 'conversationTitle', 'senderStaffId', 'senderId', 'nick', 'senderCorpId'] as const;

function messagesOf(event: LogEvent): readonly string[] {
  const record = event as { msgIds?: unknown; msgId?: unknown };
  if (Array.isArray(record.msgIds)) return record.msgIds as string[];
  return typeof record.msgId === 'string' ? [record.msgId] : [];
}

/**
 * `events` (oldest first) with each message's conversation and sender given once, on the message: an event
 * whose messages all came earlier in `events` leaves them out, since whoever reads them has them already.
 */
export function withContextOnce(events: readonly LogEvent[]): LogEvent[] {
  const seen = new Set<string>();
  return events.map((event) => {
    if (event.kind === 'message.received') {
      seen.add(event.msgId);
      return event;
    }
    const repeats = REPEATS_CONTEXT.get(event.kind);
    const messages = messagesOf(event);
    if (!repeats || !messages.length || !messages.every((id) => seen.has(id))) return event;
    const lean: Record<string, unknown> = { ...event };
    for (const key of SENDER_AND_PLACE) delete lean[key];
    if (!repeats.conversationRequired) delete lean.conversationId;
    return lean as LogEvent;
  });
}
