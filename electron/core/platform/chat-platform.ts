import type { ConnectionState } from '../chat/connection-state.js';
import type { ChatMessage } from '../chat/chat-message.js';
import type { ReplyTarget } from '../chat/reply-target.js';
import type { SendOptions, SendReport } from '../chat/send-report.js';
import type { DownloadedFile } from '../chat/downloaded-file.js';
import type { LiveReplies } from './live-reply.js';
import type { ChatApprovals } from './approval-prompt.js';
import type { PermissionDecision } from '../chat/permission-decision.js';
import type { FileRules, OutgoingFile } from '../chat/outgoing-file.js';

export type SkipReason = 'duplicate' | 'malformed';

export type ChatPlatformEvents<M extends ChatMessage = ChatMessage> = {
  state: [ConnectionState];
  message: [M];
  skipped: [{ reason: SkipReason; detail: string; msgId?: string }];
  /** Someone (`by`, their id) asked, from a live reply's stop button, to stop the turn answering `msgId`. */
  stopAsked: [{ msgId: string; by: string }];
  /** Someone (`by`, their id) tapped a button of a permission request's prompt. */
  approvalClicked: [{ requestId: string; decision: PermissionDecision; by: string }];
};

/** Calls a platform's metered API has taken from the bot's quota. */
export interface ApiCallCount {
  today: number;
  thisMonth: number;
}

/** A platform whose API calls count against a quota: how many so far, and word of each new one. */
export interface MeteredApi {
  readonly calls: ApiCallCount;
  on(event: 'changed', listener: () => void): () => void;
}

/** Pictures and files the bot sends: what the platform takes, and the send, which tries again when the platform fails. */
export interface ChatFiles {
  readonly rules: FileRules;
  send(target: ReplyTarget, file: OutgoingFile, signal?: AbortSignal): Promise<SendReport>;
}

/** The working 👀 on a message; recall it when the reply has gone out. */
export interface WorkingReaction {
  recall(): Promise<void>;
}

/**
 * What a channel needs of a chat platform: a connection with a state, each inbound message once, and replies,
 * the working mark and downloads that report what happened. `M` is the platform's message (every platform's
 * `ChatMessage` and its own fields), `A` what it hands over for a file to download.
 */
export interface ChatPlatform<M extends ChatMessage = ChatMessage, A = unknown> {
  readonly state: ConnectionState;
  /**
   * Whether the conversations outlive the app: a message owed an answer before a restart is still owed one after
   * it. Not so for the simulator, whose chats start empty each time.
   */
  readonly remembers: boolean;
  on<K extends keyof ChatPlatformEvents<M>>(event: K, listener: (...args: ChatPlatformEvents<M>[K]) => void): () => void;
  start(): void;
  stop(): Promise<void>;
  /** The machine woke from sleep: a connection made before it may be dead without knowing it. */
  woke(): void;
  /** Messages taken before a restart and never handed on: the platform will not send them again. */
  unfinished(): M[];
  /**
   * One of its messages as it was kept on disk (owed an answer, or waiting with a pairing request), read back; none
   * when it no longer reads as one.
   */
  revive(kept: ChatMessage): M | undefined;
  /** Whoever took the message has it safe (or needs nothing more of it): it is not taken on again after a restart. */
  handedOn(msgId: string): void;
  /** Where the answer to a message goes. */
  replyTargetOf(message: M): ReplyTarget;
  send(target: ReplyTarget, markdown: string, options?: SendOptions): Promise<SendReport>;
  markWorking(message: M): Promise<WorkingReaction>;
  download(attachment: A, inboxDir: string, signal?: AbortSignal): Promise<DownloadedFile>;
  /** Replies that show as they are written, where the platform has them. */
  readonly live?: LiveReplies<M>;
  /** Permission requests asked with buttons, where the platform has them. */
  readonly approvals?: ChatApprovals<ReplyTarget>;
  /** Pictures and files from the agent, where the platform can send them. */
  readonly files?: ChatFiles;
  /** The calls its API has taken from the bot's quota, where the platform meters them. */
  readonly metered?: MeteredApi;
}
