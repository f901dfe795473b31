import type { ReplyTarget } from '../../chat/reply-target.js';
import type { SendAttempt, SendOptions, SendPath, SendReport } from '../../chat/send-report.js';

/** One reply in its conversation's lane: its text in the pieces DingTalk takes, and how far it has gone. */
export interface QueuedReply {
  readonly target: ReplyTarget;
  readonly title: string;
  /** Grows when DingTalk calls a piece too large and it is sent as two. */
  readonly pieces: string[];
  /** How many pieces DingTalk has taken. */
  taken: number;
  readonly attempts: SendAttempt[];
  readonly paths: Set<SendPath>;
  readonly options: SendOptions;
  readonly settle: (report: SendReport) => void;
}

/** A message about to go out: the next pieces of one or more replies, in the order they were queued. */
export interface Outgoing {
  parts: Array<{ reply: QueuedReply; pieces: number }>;
  text: string;
  title: string;
}

/** Between the answers to different messages when they share one DingTalk message. */
export const REPLY_SEPARATOR = '\n\n---\n\n';

/** The text of a reply DingTalk has not taken yet, pieces joined as they were split. */
export const untaken = (reply: QueuedReply): string => reply.pieces.slice(reply.taken).join('\n');

/**
 * The next message of a lane: the front reply's next piece, and, when `merge` is on (the lane had to wait for
 * DingTalk's rate limit, so every reply in it waited), as many of the pieces queued after it as still fit, so
 * the replies that piled up go out in as few messages as they can.
 */
export function nextMessage(queue: readonly QueuedReply[], merge: boolean, fits: (text: string) => boolean): Outgoing {
  const front = queue[0];
  if (!front) throw new Error('An empty lane has no next message.');
  const message: Outgoing = { parts: [{ reply: front, pieces: 1 }], text: front.pieces[front.taken] ?? '', title: front.title };
  if (!merge) return message;
  for (const reply of queue) {
    const from = reply === front ? front.taken + 1 : reply.taken;
    for (let index = from; index < reply.pieces.length; index++) {
      const last = message.parts.at(-1) as Outgoing['parts'][number];
      const text = `${message.text}${last.reply === reply ? '\n' : REPLY_SEPARATOR}${reply.pieces[index] ?? ''}`;
      if (!fits(text)) return message;
      message.text = text;
      if (last.reply === reply) last.pieces += 1;
      else message.parts.push({ reply, pieces: 1 });
    }
  }
  return message;
}
