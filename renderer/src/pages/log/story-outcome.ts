import type { LogEvent } from '../../view-types';
import type { Story } from './log-stories';

type MessageStory = Extract<Story, { type: 'message' }>;

/** Where a message's story stands now, as its row says it. */
export type StoryOutcome =
  | { state: 'received' }
  | { state: 'waiting' }
  | { state: 'working' }
  | { state: 'asking'; title: string }
  | { state: 'answered'; tookMs: number; path?: string }
  /** Answered in one reply with a message that came after it. */
  | { state: 'joined' }
  | { state: 'held'; error: string }
  /** DingTalk refused the answer for rate on every path; it goes out once the limit has passed. */
  | { state: 'limited'; waitMs: number }
  | { state: 'refused'; reasonCode?: string; reason: string }
  | { state: 'pairing'; code?: string }
  | { state: 'failed'; error: string; ref?: string }
  | { state: 'stopped'; outcome: 'steered' | 'cancelled' }
  | { state: 'duplicate' };

export type OutcomeTone = 'normal' | 'good' | 'warn' | 'bad';

export function outcomeTone(outcome: StoryOutcome): OutcomeTone {
  switch (outcome.state) {
    case 'answered':
    case 'joined':
      return 'good';
    case 'held':
    case 'limited':
    case 'refused':
    case 'pairing':
    case 'asking':
      return 'warn';
    case 'failed':
      return 'bad';
    default:
      return 'normal';
  }
}

/** A reply that counts as the message's answer (the agent's, or the bot's to a chat command); progress lines and notices do not. */
const answers = (replyKind: string) => replyKind === 'answer' || replyKind === 'command';

/** Reads a message's steps in order; each step moves its story on, and a failure stays a failure. */
export function storyOutcome(story: MessageStory): StoryOutcome {
  const { received } = story;
  let outcome: StoryOutcome = { state: 'received' };
  const failed = () => outcome.state === 'failed';
  for (const step of story.steps) {
    const next = advance(outcome, step, received);
    if (next && (!failed() || next.state === 'failed')) outcome = next;
  }
  return outcome;
}

function advance(now: StoryOutcome, step: LogEvent, received: MessageStory['received']): StoryOutcome | undefined {
  switch (step.kind) {
    case 'access.decision':
      if (step.decision === 'admitted') return { state: 'waiting' };
      if (step.decision === 'pairing') return { state: 'pairing' };
      return { state: 'refused', reason: step.reason, ...(step.reasonCode ? { reasonCode: step.reasonCode } : {}) };
    case 'pairing.requested':
      return { state: 'pairing', ...(step.code ? { code: step.code } : {}) };
    case 'message.skipped':
      return now.state === 'received' ? { state: 'duplicate' } : undefined;
    case 'agent.turn.started':
      return now.state === 'answered' ? undefined : { state: 'working' };
    case 'agent.permission.asked':
      return { state: 'asking', title: step.title };
    case 'agent.permission.answered':
      return now.state === 'asking' ? { state: 'working' } : undefined;
    case 'agent.turn.finished':
      return finished(now, step, received);
    case 'reply.waiting':
      return answers(step.replyKind) ? { state: 'limited', waitMs: step.waitMs } : undefined;
    case 'reply.held':
      return answers(step.replyKind) ? { state: 'held', error: step.error } : undefined;
    case 'reply.sent':
      if (answers(step.replyKind)) return { state: 'answered', tookMs: step.at - received.at, path: step.path };
      return undefined;
    case 'reply.failed':
      return step.replyKind === 'progress' ? undefined : { state: 'failed', error: step.error };
    case 'error':
      return { state: 'failed', error: step.message, ...(step.ref ? { ref: step.ref } : {}) };
    default:
      return undefined;
  }
}

function finished(now: StoryOutcome, step: Extract<LogEvent, { kind: 'agent.turn.finished' }>, received: MessageStory['received']): StoryOutcome | undefined {
  switch (step.outcome) {
    case 'answered':
      if (step.msgIds.at(-1) !== received.msgId) return { state: 'joined' };
      // An answer with nothing to send, or one whose reply is still on its way: the turn's end is the best time known.
      return now.state === 'answered' || now.state === 'limited' || now.state === 'held' || now.state === 'failed' ? undefined : { state: 'answered', tookMs: step.at - received.at };
    case 'collected':
      return { state: 'joined' };
    case 'steered':
    case 'cancelled':
      return now.state === 'answered' ? undefined : { state: 'stopped', outcome: step.outcome };
    default:
      return { state: 'failed', error: step.error?.split('\n')[0] ?? step.outcome, ...(step.ref ? { ref: step.ref } : {}) };
  }
}
