import type { Messages } from '../../i18n/en';
import { clockTime, duration, elapsed } from '../../format';
import { describeEvent } from './describe-event';
import type { Story } from './log-stories';
import { outcomeTone, storyOutcome, type OutcomeTone, type StoryOutcome } from './story-outcome';

/** What a top-level row says: the message (or event), and where its story stands. */
export interface StoryWords {
  what: string;
  why?: string;
  /** The colour of `what` for an event row, of `why` for a message row, whose news is its outcome. */
  tone: OutcomeTone;
  toneOf: 'what' | 'why';
}

function outcomeWords(outcome: StoryOutcome, m: Messages): string {
  const o = m.log.outcomes;
  switch (outcome.state) {
    case 'received':
    case 'waiting':
    case 'working':
    case 'joined':
    case 'duplicate':
      return o[outcome.state];
    case 'asking':
      return o.asking(outcome.title);
    case 'answered':
      return o.answered(elapsed(outcome.tookMs, m));
    case 'held':
      return o.held;
    case 'limited':
      return o.limited(duration(outcome.waitMs, m));
    case 'refused':
      return o.refused(outcome.reasonCode && Object.hasOwn(m.events.accessReasons, outcome.reasonCode) ? m.events.accessReasons[outcome.reasonCode as keyof Messages['events']['accessReasons']] : outcome.reason);
    case 'pairing':
      return o.pairing(outcome.code);
    case 'failed':
      return o.failed(outcome.ref);
    case 'stopped':
      return o[outcome.outcome];
  }
}

export function describeStory(story: Story, m: Messages): StoryWords {
  if (story.type === 'message') {
    const outcome = storyOutcome(story);
    return { what: m.events.received(story.received.preview), why: outcomeWords(outcome, m), tone: outcomeTone(outcome), toneOf: 'why' };
  }
  if (story.type === 'retries' && story.tries > 0) {
    const latest = describeEvent(story.latest, m);
    const since = m.log.retries(story.tries, clockTime(story.first.at));
    return { what: latest.what, why: latest.why ? `${since} · ${latest.why}` : since, tone: latest.tone, toneOf: 'what' };
  }
  const words = describeEvent(story.type === 'retries' ? story.latest : story.event, m);
  return { what: words.what, ...(words.why ? { why: words.why } : {}), tone: words.tone, toneOf: 'what' };
}
