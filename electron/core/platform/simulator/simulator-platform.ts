import type { ChatFiles, ChatPlatform, ChatPlatformEvents, WorkingReaction } from '../chat-platform.js';
import type { DingTalkBot } from '../dingtalk/dingtalk-bot.js';
import type { ConnectionState } from '../../chat/connection-state.js';
import type { Attachment, InboundEnvelope } from '../dingtalk/envelope.js';
import type { ChatMessage } from '../../chat/chat-message.js';
import type { ReplyTarget } from '../../chat/reply-target.js';
import type { SendOptions, SendReport } from '../../chat/send-report.js';
import type { DownloadedFile } from '../../chat/downloaded-file.js';
import type { SimulatorChat } from './simulator-chat.js';
import type { LiveReplies } from '../live-reply.js';
import type { ChatApprovals } from '../approval-prompt.js';

/**
 * The simulator as a platform: the real DingTalk bot, connected to the stand-in DingTalk of the simulator's chat,
 * so a simulated message takes exactly the path a real one does. Its chats start empty at every start.
 */
export class SimulatorPlatform implements ChatPlatform<InboundEnvelope, Attachment> {
  readonly remembers = false;

  constructor(
    readonly chat: SimulatorChat,
    private readonly bot: DingTalkBot,
  ) {}

  get state(): ConnectionState {
    return this.bot.state;
  }

  on<K extends keyof ChatPlatformEvents<InboundEnvelope>>(event: K, listener: (...args: ChatPlatformEvents<InboundEnvelope>[K]) => void): () => void {
    return this.bot.on(event, listener);
  }

  start(): void {
    this.bot.start();
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.chat.stop();
  }

  woke(): void {
    this.bot.woke();
  }

  unfinished(): InboundEnvelope[] {
    return this.bot.unfinished();
  }

  revive(kept: ChatMessage): InboundEnvelope | undefined {
    return this.bot.revive(kept);
  }

  handedOn(msgId: string): void {
    this.bot.handedOn(msgId);
  }

  replyTargetOf(message: InboundEnvelope): ReplyTarget {
    return this.bot.replyTargetOf(message);
  }

  send(target: ReplyTarget, markdown: string, options?: SendOptions): Promise<SendReport> {
    return this.bot.send(target, markdown, options);
  }

  markWorking(message: InboundEnvelope): Promise<WorkingReaction> {
    return this.bot.markWorking(message);
  }

  download(attachment: Attachment, inboxDir: string, signal?: AbortSignal): Promise<DownloadedFile> {
    return this.bot.download(attachment, inboxDir, signal);
  }

  get live(): LiveReplies<InboundEnvelope> | undefined {
    return this.bot.live;
  }

  get approvals(): ChatApprovals<ReplyTarget> {
    return this.bot.approvals;
  }

  get files(): ChatFiles {
    return this.bot.files;
  }
}
