import { InboundEnvelopeSchema } from '../../electron/core/platform/dingtalk/envelope.js';
import type { ParseResult } from '../../electron/core/platform/dingtalk/inbound-parser.js';
import type { FuzzFrame } from './stream-frames.js';

/** A reason a person can act on: present, short enough to read, and saying what is wrong rather than "bad shape". */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== 'string' || reason.trim() === '') return `the reason is empty (${JSON.stringify(reason)})`;
  if (reason.length > 300) return `the reason is ${reason.length} characters long: ${reason.slice(0, 80)}…`;
  if (/\b(undefined|\[object Object\]|shape|valid message)\b/.test(reason)) return `the reason is vague: ${reason}`;
  return undefined;
}

/** What is wrong with what the parser made of a frame the generator labelled, if anything. */
export function parseProblem(frame: FuzzFrame, result: ParseResult): string | undefined {
  if (!result.ok) {
    if (frame.outcome === 'message') return `expected a message, got "${result.reason}"`;
    return reasonProblem(result.reason);
  }
  if (frame.outcome === 'malformed') return 'expected the frame to be refused, but it was read as a message';
  const { envelope } = result;
  const checked = InboundEnvelopeSchema.safeParse(envelope);
  if (!checked.success) return `the envelope does not match its schema: ${checked.error.issues[0]?.path.join('.')}`;
  if (envelope.streamMessageId !== frame.messageId) return `the envelope names stream message ${envelope.streamMessageId}`;
  if (frame.conversationId !== undefined && envelope.conversation.id !== frame.conversationId) return `the envelope names conversation ${envelope.conversation.id}`;
  if (!envelope.msgId || !envelope.sender.id.trim()) return 'the envelope has no msgId or no sender';
  if (frame.mentioned === false && envelope.isMentioned) return 'a mention offered only through prototype keys was believed';
  return undefined;
}
