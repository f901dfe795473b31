import type { BotSays } from './bot-says.js';
import type { FileAnswer, FileRequest } from './file-request.js';

/** A tool call's news: one line, and whether the call began or failed. */
export interface ToolNews {
  line: string;
  status: 'started' | 'failed';
}

/**
 * One turn's reply as the agent side writes it: the answer as it streams, the tools it calls, what the bot says
 * beside it, and its end. How the person sees it (one markdown message at the end, a card that grows) and in which
 * language the bot speaks are the implementation's.
 */
export interface TurnReply {
  /** The agent starts on this turn (not every reply gets one: a message gathered into a later turn does not). */
  begin(): void;
  /**
   * A message of its own beside the answer (`command`: instead of one, answering a chat command); resolves once
   * the platform has it.
   */
  say(says: BotSays, kind: 'notice' | 'error' | 'command'): Promise<void>;
  /** More of the answer, as the agent writes it. */
  append(text: string): void;
  /** The agent called a tool, or one failed. */
  tool(news: ToolNews): void;
  /**
   * The agent sends a file to the conversation; resolves with what to tell the agent of it. Absent where the reply
   * cannot carry files.
   */
  file?(request: FileRequest): Promise<FileAnswer>;
  /** The turn is answered: what the agent said goes out, or `empty` when it said nothing. Resolves once the platform has it. */
  finish(empty: BotSays): Promise<void>;
  /**
   * The turn ended without an answer (stopped, timed out or failed): nothing it gathered goes out, and `why`, when
   * given, is said as an error. Resolves once the platform has it.
   */
  abandon(why?: BotSays): Promise<void>;
  /** What this reply sends waits for `earlier` first: the answer of the turn before, still on its way. */
  after(earlier: Promise<void>): void;
}
