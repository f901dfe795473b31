import type { PermissionDecision } from '../chat/permission-decision.js';

/** A permission request put to a conversation with buttons, in the words of its chat. */
export interface ApprovalQuestion {
  /** The request's id: a click names it. */
  id: string;
  /** What is asked, in a line of plain words: where a chat shows a message by its title (the conversation list). */
  title: string;
  /** What is asked, as markdown: the tool, what it wants to do, who asked, how to answer without buttons. */
  text: string;
  /** Each decision's button, and what a tap sends where buttons only send words (`/approve CODE`). */
  buttons: Array<{ decision: PermissionDecision; text: string; sends: string }>;
}

/** The question as the conversation shows it: a card the bot can change, or a message it cannot. */
export interface ApprovalPrompt {
  /** A card that shows the final state itself; a message cannot, so the answer is said after it. */
  readonly editable: boolean;
  /** The request is settled: the prompt shows `text` (who answered, and how) and takes no more answers. */
  settle(text: string): Promise<void>;
}

/** How the platform puts a question with buttons to a conversation; `card`: as a card the bot can change. */
export interface ChatApprovals<T> {
  ask(target: T, question: ApprovalQuestion, options: { card: boolean }): Promise<ApprovalPrompt>;
}
