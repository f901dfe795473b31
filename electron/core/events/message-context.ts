import { REPLY_TEXT_CHARS } from './event-schema.js';
import type { ConversationType } from '../chat/conversation-type.js';

/** The conversation and sender fields a log event carries for the message it belongs to. */
export interface MessageWhere {
  conversationId: string;
  conversationType: ConversationType;
  conversationTitle?: string;
  senderStaffId?: string;
  senderId?: string;
  nick: string;
  senderCorpId?: string;
}

export const replyTextOf = (text: string): string => (text.length > REPLY_TEXT_CHARS ? `${text.slice(0, REPLY_TEXT_CHARS)}…` : text);

/**
 * Which message each agent step and reply belongs to, while it is being answered: the agent reports turns by
 * session, and a reply knows only its message id, yet the log tells each message's story with its conversation
 * and sender on every step.
 */
export class MessageContext {
  readonly #where = new Map<string, MessageWhere>();
  readonly #turns = new Map<string, string[]>();

  /** From the moment a message arrives until it is answered or refused. */
  remember(msgId: string, where: MessageWhere): void {
    this.#where.set(msgId, where);
  }

  forget(msgId: string): void {
    this.#where.delete(msgId);
  }

  turnStarted(sessionKey: string, msgIds: string[]): void {
    this.#turns.set(sessionKey, msgIds);
  }

  turnFinished(sessionKey: string): void {
    this.#turns.delete(sessionKey);
  }

  /** The messages of the turn a session is working on now. */
  turnOf(sessionKey: string): string[] {
    return this.#turns.get(sessionKey) ?? [];
  }

  /** The conversation and sender of the newest of `msgIds` that is still being answered. */
  of(msgIds: readonly string[]): Partial<MessageWhere> {
    for (let i = msgIds.length - 1; i >= 0; i--) {
      const where = this.#where.get(msgIds[i] as string);
      if (where) return where;
    }
    return {};
  }
}
