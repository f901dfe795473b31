import type { Logger } from '../base/logger.js';
import type { ChatLanguage } from '../chat/chat-language.js';
import type { ChatMessage } from '../chat/chat-message.js';
import type { PendingPermission } from '../agents/permission-schema.js';
import type { PermissionAnswer } from '../agents/permission-broker.js';
import type { ChatPlatform } from '../platform/chat-platform.js';
import type { ApprovalPrompt, ApprovalQuestion } from '../platform/approval-prompt.js';
import { approvalOutcome, approvalQuestion, commandApart, commandMessage, settledPrompt } from './words/approval-words.js';

export interface ApprovalPromptsDeps<M extends ChatMessage> {
  platform: ChatPlatform<M>;
  language: ChatLanguage;
  /** How long a request waits for an answer, which its prompt says. */
  timeoutMs: number;
  /** Whether a prompt may be a card now: the channel answers in cards, and they are not paused. */
  cards(): boolean;
  /** Sends words to the message's conversation, as any reply: tried again, held, never lost. */
  say(message: M, text: string): Promise<void>;
  logger: Logger;
}

interface Open<M> {
  pending: PendingPermission;
  message: M;
  prompt: Promise<ApprovalPrompt | undefined>;
}

/**
 * Permission requests asked in the conversation they came from, with buttons: a card that ends showing who answered,
 * an ActionCard where cards are not used, or words alone where neither can be sent. Whatever answers first (the
 * chat, the window, the CLI, the clock), the prompt then shows it, or, when it cannot change, it is said after it.
 */
export class ApprovalPrompts<M extends ChatMessage> {
  readonly #open = new Map<string, Open<M>>();

  constructor(private readonly deps: ApprovalPromptsDeps<M>) {}

  ask(message: M, pending: PendingPermission): void {
    const { language } = this.deps;
    const question = approvalQuestion(language, pending);
    // Whoever answers in the chat sees the whole command first, as the window shows it.
    const before = commandApart(pending) ? this.deps.say(message, commandMessage(language, pending)) : Promise.resolve();
    const prompt = before
      .then(() => this.#put(message, question))
      .catch((error: unknown) => {
        // The request stays answerable in the window, the CLI and by typing: a prompt that failed to go is only logged.
        this.deps.logger.warn('A permission request could not be asked in the chat', { error: String(error) });
        return undefined;
      });
    this.#open.set(pending.id, { pending, message, prompt });
  }

  /** The request is settled: its prompt shows how, and by whom. */
  async settle(answer: PermissionAnswer): Promise<void> {
    const open = this.#open.get(answer.id);
    if (!open) return;
    this.#open.delete(answer.id);
    const { language, timeoutMs } = this.deps;
    const prompt = await open.prompt;
    const outcome = approvalOutcome(language, answer, timeoutMs);
    if (prompt?.editable) return prompt.settle(settledPrompt(language, open.pending, outcome));
    // An answer from the chat is answered there by the command itself.
    if (answer.by !== 'chat') await this.deps.say(open.message, outcome);
  }

  /** A card first where cards are used, then an ActionCard, then the words alone. */
  async #put(message: M, question: ApprovalQuestion): Promise<ApprovalPrompt | undefined> {
    const { platform, logger } = this.deps;
    const approvals = platform.approvals;
    const target = platform.replyTargetOf(message);
    for (const card of approvals ? (this.deps.cards() ? [true, false] : [false]) : []) {
      try {
        return await approvals?.ask(target, question, { card });
      } catch (error) {
        logger.warn(card ? 'A permission request could not be sent as a card' : 'A permission request could not be sent with buttons', { error: String(error) });
      }
    }
    await this.deps.say(message, question.text);
    return undefined;
  }
}
