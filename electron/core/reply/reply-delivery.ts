import type { Logger } from '../base/logger.js';
import { newErrorRef } from '../base/error-ref.js';
import type { ChatPlatform } from '../platform/chat-platform.js';
import type { ChatMessage } from '../chat/chat-message.js';
import type { ReplyTarget } from '../chat/reply-target.js';
import type { SendReport } from '../chat/send-report.js';
import type { ChannelLogEvent } from '../events/event-schema.js';
import { replyTextOf, type MessageContext } from '../events/message-context.js';
import type { AnswerJournal } from './answer-journal.js';
import type { HeldFile, HeldReplies, ResendOutcome } from './held-replies.js';
import type { FileSource, OutgoingFile } from '../chat/outgoing-file.js';
import { removeScratch } from '../agents/outgoing-file.js';
import type { ReplyKind } from './reply-kind.js';
import { CHANNEL_WORDS } from './words/channel-words.js';

export interface ReplyDeliveryDeps<M extends ChatMessage> {
  platform: ChatPlatform<M>;
  /** The answers owed to messages, and how much of each is still to go out; none for a platform that forgets. */
  journal: AnswerJournal | undefined;
  /** Replies the platform did not take, kept to be sent later; none for a platform that forgets. */
  held: HeldReplies | undefined;
  context: MessageContext;
  logger: Logger;
  record(event: ChannelLogEvent): void;
  /** The number of held replies changed. */
  heldChanged(): void;
  /** Aborted when the channel stops: a round of held replies under way ends, and nothing more is held. */
  signal: AbortSignal;
}

/** What became of a file sent: it is in the chat, held to be sent when the platform takes it, or not sent. */
export type FileDelivery = { result: 'sent' } | { result: 'held' | 'failed'; error: string };

/** A platform without files answers every file with this. */
const NO_FILES: SendReport = { ok: false, chunks: 1, delivered: 0, path: 'none', attempts: [], error: 'This chat platform cannot send files.', retryable: false };

/** The fields every reply event has, whatever became of the reply. */
type SentReply = Omit<Extract<ChannelLogEvent, { kind: 'reply.failed' }>, 'kind' | 'error' | 'problem'>;

/**
 * Every message the bot sends while a channel runs: each recorded in the log; an error given a reference once per
 * message; an answer's progress kept in the journal, so a crash mid-send repeats nothing; and a reply the platform
 * did not take, for a reason that may pass, held and tried again later rather than lost.
 */
export class ReplyDelivery<M extends ChatMessage> {
  readonly #deps: ReplyDeliveryDeps<M>;
  readonly #refs = new Map<string, string>();
  /** The last message of a turn that gathered several, to the others it answers as well. */
  readonly #gatheredInto = new Map<string, string[]>();

  constructor(deps: ReplyDeliveryDeps<M>) {
    this.#deps = deps;
  }

  get heldCount(): number {
    return this.#deps.held?.size ?? 0;
  }

  /** The channel stopped: the held replies are on disk, for the next start. */
  async close(): Promise<void> {
    await this.#deps.held?.flush();
    this.#deps.held?.close();
  }

  /** The turn answering `last` answers `earlier` too. */
  gathered(last: string, earlier: string[]): void {
    this.#gatheredInto.set(last, earlier);
  }

  /** The message is settled: what was kept for it goes. */
  forget(msgId: string): void {
    this.#gatheredInto.delete(msgId);
  }

  /** The error reference given to one of the turn's messages, once the turn is over. */
  takeRef(msgIds: readonly string[]): string | undefined {
    const ref = msgIds.map((id) => this.#refs.get(id)).find(Boolean);
    for (const id of msgIds) this.#refs.delete(id);
    return ref;
  }

  /** True once the platform has taken the reply, or it is held to be sent when the platform can take it. */
  reply(message: M, text: string, kind: ReplyKind): Promise<boolean> {
    return this.deliver(this.#deps.platform.replyTargetOf(message), kind === 'error' ? this.withRef(message, text) : text, kind, message.msgId);
  }

  /** An error's words with the message's reference, which the log records the first time; as they are after that. */
  withRef(message: M, text: string): string {
    if (this.#refs.has(message.msgId)) return text;
    const ref = newErrorRef();
    this.#refs.set(message.msgId, ref);
    this.#deps.record({ kind: 'error', ...this.#deps.context.of([message.msgId]), msgId: message.msgId, message: text, ref });
    return CHANNEL_WORDS.withRef(text, ref);
  }

  /**
   * The answer is out in a live reply (an AI card) showing `text`; `overflow`, what did not fit in it, goes out next
   * as messages. Recorded like any answer: a crash now sends only the overflow again, never the card.
   */
  answeredLive(message: M, text: string, overflow: string, apiCalls: number | undefined): void {
    const target = this.#deps.platform.replyTargetOf(message);
    this.#answerProgress(target, 'answer', message.msgId)?.(overflow);
    this.#deps.record({ kind: 'reply.sent', ...this.#sent(target, message.msgId, 'answer', text), path: 'card', chunks: 1, ...(apiCalls ? { apiCalls } : {}) });
  }

  /** A message of the operator's own (the log's "send a test message"): sent once, never held. */
  async sendForOperator(target: ReplyTarget, text: string): Promise<SendReport> {
    const report = await this.#deps.platform.send(target, text);
    this.#recordSend(this.#sent(target, undefined, 'notice', text), report);
    return report;
  }

  /** Sends a reply; one the platform does not take after every retry, for a reason that may pass, is held. */
  async deliver(target: ReplyTarget, text: string, replyKind: ReplyKind, msgId: string | undefined): Promise<boolean> {
    const { platform, held, signal } = this.#deps;
    if (signal.aborted) return false;
    const progress = this.#answerProgress(target, replyKind, msgId);
    progress?.(text);
    // The 👀 stays on meanwhile: the turn is not over for the person until the answer is out.
    const waiting = (waitMs: number) => {
      const { text: _text, ...where } = this.#sent(target, msgId, replyKind, text);
      this.#deps.record({ kind: 'reply.waiting', ...where, waitMs });
    };
    const report = await platform.send(target, text, { ...(progress ? { progress } : {}), waiting });
    // A progress line is news only while the turn runs: one the platform could not take is not worth keeping.
    // Not held either when the channel stopped meanwhile: the journal runs that message again.
    if (report.ok || !report.retryable || !held || signal.aborted || replyKind === 'progress') {
      this.#recordSend(this.#sent(target, msgId, replyKind, text), report);
      if (report.ok && held?.size) this.resendHeldInBackground();
      return report.ok;
    }
    const error = report.error ?? 'unknown error';
    // On disk when it returns, before the journal lets the message go.
    held.hold({ target, text: report.undelivered ?? text, replyKind, ...(msgId ? { msgId } : {}), error });
    this.#deps.record({ kind: 'reply.held', ...this.#sent(target, msgId, replyKind, text), error, ...(report.problem ? { problem: report.problem } : {}) });
    this.#deps.heldChanged();
    return true;
  }

  resendHeldInBackground(): void {
    this.#resendHeld().catch((error: unknown) => this.#deps.logger.error('Trying the held replies again failed', { error: String(error) }));
  }

  async #resendHeld(): Promise<void> {
    const { platform, held, signal } = this.#deps;
    if (signal.aborted || !held?.size) return;
    const outcomes = await held.resend((entry, { progress }) => {
      if (!entry.file) return platform.send(entry.target, entry.text, { signal, ...(progress ? { progress } : {}) });
      return platform.files ? platform.files.send(entry.target, entry.file.file, signal) : Promise.resolve(NO_FILES);
    }, signal);
    for (const outcome of outcomes) this.#recordResend(outcome);
    if (outcomes.some((outcome) => outcome.result !== 'still-held')) this.#deps.heldChanged();
  }

  /** For an answer owed to a message: records how much is still to go out, so a crash mid-send repeats nothing. */
  #answerProgress(target: ReplyTarget, replyKind: ReplyKind, msgId: string | undefined): ((rest: string) => void) | undefined {
    const { journal } = this.#deps;
    if (replyKind !== 'answer' || msgId === undefined || !journal?.has(msgId)) return undefined;
    return (rest) => {
      journal.answering(msgId, target, rest);
      // The messages gathered into this turn are answered by it: once the journal carries the answer, a crash while
      // it is sent must not ask the agent about them again.
      for (const gathered of this.#gatheredInto.get(msgId) ?? []) journal.done(gathered);
      this.#gatheredInto.delete(msgId);
    };
  }

  #recordResend(outcome: ResendOutcome): void {
    const { held } = outcome;
    if (held.file) return this.#recordFileResend(held.file, outcome);
    const where = this.#sent(held.target, held.msgId, held.replyKind, held.text);
    if (outcome.result === 'sent') {
      const { report } = outcome;
      this.#deps.record({ kind: 'reply.sent', ...where, path: report.path, chunks: report.chunks, heldForMs: Date.now() - held.heldAt });
    } else if (outcome.result === 'failed') {
      this.#deps.record({ kind: 'reply.failed', ...where, error: outcome.error });
    }
  }

  #recordFileResend({ file, via }: HeldFile, outcome: ResendOutcome): void {
    if (outcome.result === 'still-held') return;
    const { held } = outcome;
    const where = this.#fileWhere(held.target, held.msgId, file, via);
    if (outcome.result === 'sent') this.#deps.record({ kind: 'file.sent', ...where, heldForMs: Date.now() - held.heldAt });
    else this.#deps.record({ kind: 'file.failed', ...where, error: outcome.error });
    void removeScratch(file);
  }

  /**
   * Sends a picture or file the agent asked for to the conversation of `message`; one the platform does not take
   * after every retry, for a reason that may pass, is held like a reply. Never sent twice: the platform reports a
   * send it cannot be sure of as not to be tried again.
   */
  async sendFile(message: M, file: OutgoingFile, via: FileSource): Promise<FileDelivery> {
    const { platform, held, signal } = this.#deps;
    const target = platform.replyTargetOf(message);
    const report = platform.files ? await platform.files.send(target, file, signal) : NO_FILES;
    const where = this.#fileWhere(target, message.msgId, file, via);
    if (report.ok) {
      this.#deps.record({ kind: 'file.sent', ...where, ...(report.attempts.length > 1 ? { attempts: report.attempts.length } : {}) });
      if (held?.size) this.resendHeldInBackground();
      return { result: 'sent' };
    }
    const error = report.error ?? 'unknown error';
    const problem = report.problem ? { problem: report.problem } : {};
    if (report.retryable && held && !signal.aborted) {
      held.hold({ target, text: '', file: { file, via }, replyKind: 'answer', msgId: message.msgId, error });
      this.#deps.record({ kind: 'file.held', ...where, error, ...problem });
      this.#deps.heldChanged();
      return { result: 'held', error };
    }
    this.#deps.record({ kind: 'file.failed', ...where, error, ...problem });
    return { result: 'failed', error };
  }

  /** What a file event says of the file: where it went, for which message, which file and how the agent asked. */
  #fileWhere(target: ReplyTarget, msgId: string | undefined, file: OutgoingFile, via: FileSource) {
    return {
      ...this.#deps.context.of(msgId ? [msgId] : []),
      conversationId: target.conversationId,
      conversationType: target.conversationType,
      ...(msgId ? { msgId } : {}),
      name: file.name,
      fileKind: file.kind,
      bytes: file.bytes,
      source: file.source,
      via,
      ...(file.zipped ? { zipped: true } : {}),
    };
  }

  /** What a reply event says of the reply: where it went, for which message, and what it said. */
  #sent(target: ReplyTarget, msgId: string | undefined, replyKind: ReplyKind, text: string): SentReply {
    return {
      ...this.#deps.context.of(msgId ? [msgId] : []),
      conversationId: target.conversationId,
      conversationType: target.conversationType,
      ...(msgId ? { msgId } : {}),
      replyKind,
      text: replyTextOf(text),
    };
  }

  #recordSend(sent: SentReply, report: SendReport): void {
    if (report.ok) {
      const retried = report.attempts.length > report.chunks ? { attempts: report.attempts.length } : {};
      const apiCalls = report.attempts.filter((attempt) => attempt.path === 'openapi').length;
      this.#deps.record({ kind: 'reply.sent', ...sent, path: report.path, chunks: report.chunks, ...retried, ...(apiCalls ? { apiCalls } : {}) });
    } else {
      this.#deps.record({ kind: 'reply.failed', ...sent, error: report.error ?? 'unknown error', ...(report.problem ? { problem: report.problem } : {}) });
    }
  }
}
