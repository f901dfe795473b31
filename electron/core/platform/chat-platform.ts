import type { ConnectionState } from './dingtalk/connection-state.js';
import type { Attachment, InboundEnvelope } from './dingtalk/envelope.js';
import type { ReplyTarget, SendOptions, SendReport } from './dingtalk/outbound.js';
import type { SavedFile } from './dingtalk/media.js';

export type SkipReason = 'duplicate' | 'malformed';

export type ChatPlatformEvents = {
  state: [ConnectionState];
  message: [InboundEnvelope];
  skipped: [{ reason: SkipReason; detail: string; msgId?: string }];
};

/** The working 👀 on a message; recall it when the reply has gone out. */
export interface WorkingReaction {
  recall(): Promise<void>;
}

/**
 * What a channel needs of a chat platform: a connection with a state, each inbound message once, and replies,
 * the working mark and downloads that report what happened. The channel never learns which platform it has.
 */
export interface ChatPlatform {
  readonly state: ConnectionState;
  /**
   * Whether the conversations outlive the app: a message owed an answer before a restart is still owed one after
   * it. Not so for the simulator, whose chats start empty each time.
   */
  readonly remembers: boolean;
  on<K extends keyof ChatPlatformEvents>(event: K, listener: (...args: ChatPlatformEvents[K]) => void): () => void;
  start(): void;
  stop(): Promise<void>;
  /** Messages taken before a restart and never handed on: the platform will not send them again. */
  unfinished(): InboundEnvelope[];
  /** Whoever took the message has it safe (or needs nothing more of it): it is not taken on again after a restart. */
  handedOn(msgId: string): void;
  /** Where the answer to a message goes. */
  replyTargetOf(message: InboundEnvelope): ReplyTarget;
  send(target: ReplyTarget, markdown: string, options?: SendOptions): Promise<SendReport>;
  markWorking(message: InboundEnvelope): Promise<WorkingReaction>;
  download(attachment: Attachment, inboxDir: string, signal?: AbortSignal): Promise<SavedFile>;
}
