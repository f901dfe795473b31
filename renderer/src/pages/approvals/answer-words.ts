import type { LogEvent } from '../../view-types';
import type { Messages } from '../../i18n/en';
import { word } from '../log/describe-event';

export type AnsweredEvent = Extract<LogEvent, { kind: 'agent.permission.answered' }>;

export const isAnswered = (event: LogEvent): event is AnsweredEvent => event.kind === 'agent.permission.answered';

/** Whether someone was asked at all: not when the channel's permission setting or a remembered approval settled it. */
export const wasAsked = (event: AnsweredEvent): boolean => event.by !== 'policy' && event.by !== 'remembered';

/** How a request was settled and by whom: "allowed once, in the chat, by Alice", "denied, in the app", "expired". */
export function answerWords(event: AnsweredEvent, m: Messages): string {
  const e = m.events;
  if (event.by === 'timeout') return m.approvals.expired;
  if (event.by === 'cancelled' || event.decision === 'cancelled') return word(e.decisions, 'cancelled');
  const by = event.answerer ? e.answeredInChatBy(event.answerer.nick) : word(e.answeredBy, event.by);
  return m.approvals.answer(word(e.decisions, event.decision), by);
}
