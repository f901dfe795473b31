import type { Messages } from '../../i18n/en';
import type { LogEvent } from '../../view-types';
import { describeEvent } from './describe-event';
import { connectionReason } from '../../i18n/engine-words';
import type { Story } from './log-stories';

/** A text a row's one line cannot hold: a reply as sent, or an error in full. */
export interface DetailText {
  key: string;
  heading: string;
  text: string;
  tone: 'normal' | 'bad';
}

/** About as much of a why as a row's one line shows; a longer one is shown whole when the row is opened. */
const ROW_CHARS = 60;

function textsOf(event: LogEvent, m: Messages): DetailText[] {
  switch (event.kind) {
    case 'reply.sent':
    case 'reply.held':
    case 'reply.failed': {
      const texts: DetailText[] = [];
      if (event.text) texts.push({ key: `${event.id}-text`, heading: m.log.replyText, text: event.text, tone: 'normal' });
      if (event.kind !== 'reply.sent') texts.push({ key: `${event.id}-error`, heading: m.log.errorText, text: connectionReason(event.error, event.problem, m) ?? event.error, tone: 'bad' });
      return texts;
    }
    case 'agent.turn.finished':
      return event.error ? [{ key: event.id, heading: m.log.errorText, text: [event.ref, event.error].filter(Boolean).join('\n'), tone: 'bad' }] : [];
    case 'agent.permission.revoked':
      // A long command revoked is shown whole under its own heading: nothing went wrong.
      return event.detail && event.detail.length > ROW_CHARS ? [{ key: event.id, heading: m.approvals.columns.command, text: event.detail, tone: 'normal' }] : [];
    case 'channel.archived':
      return [{ key: event.id, heading: m.log.archivedText, text: m.events.archivedTo(event.folder), tone: 'normal' }];
    case 'error':
      return [{ key: event.id, heading: m.log.errorText, text: [event.ref, event.reason ? m.events.errorReasons[event.reason] : event.message, event.detail].filter(Boolean).join('\n'), tone: 'bad' }];
    default: {
      const { why, tone } = describeEvent(event, m);
      return why && tone === 'bad' ? [{ key: event.id, heading: m.log.errorText, text: why, tone: 'bad' }] : [];
    }
  }
}

/** The long texts of a row's story, shown whole below its steps when it is opened. */
export function storyDetails(story: Story, m: Messages): DetailText[] {
  if (story.type === 'message') return story.steps.flatMap((step) => textsOf(step, m));
  if (story.type === 'retries') {
    const { why } = describeEvent(story.latest, m);
    return why ? [{ key: story.latest.id, heading: m.log.errorText, text: why, tone: story.latest.state.status === 'failed' ? 'bad' : 'normal' }] : [];
  }
  const { why } = describeEvent(story.event, m);
  const own = textsOf(story.event, m);
  return own.length ? own : why && why.length > ROW_CHARS ? [{ key: story.event.id, heading: m.log.errorText, text: why, tone: 'normal' }] : [];
}

/** The steps a row opens to: for a message, what happened after it arrived. */
export function storySteps(story: Story): readonly LogEvent[] {
  return story.type === 'message' ? story.steps : [];
}

/** Lines a detail block needs for its texts at the log's width, as a guess: it scrolls when the guess is short. */
export function detailLines(texts: readonly DetailText[]): number {
  return texts.reduce((lines, { text }) => lines + 1 + text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 110)), 0), 0);
}
