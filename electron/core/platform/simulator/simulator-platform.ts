import type { ChatPlatform, ChatPlatformEvents, WorkingReaction } from '../chat-platform.js';
import type { DingTalkBot } from '../dingtalk/dingtalk-bot.js';
import type { ConnectionState } from '../dingtalk/connection-state.js';
import type { Attachment, InboundEnvelope } from '../dingtalk/envelope.js';
import type { ReplyTarget, SendOptions, SendReport } from '../dingtalk/outbound.js';
import type { SavedFile } from '../dingtalk/media.js';
import type { SimulatorChat } from './simulator-chat.js';

/**
 * The simulator as a platform: the real DingTalk bot, connected to the stand-in DingTalk of the simulator's chat,
 * so a simulated message takes exactly the path a real one does. Its chats start empty at every start.
 */
export class SimulatorPlatform implements ChatPlatform {
  readonly remembers = false;

  constructor(
    readonly chat: SimulatorChat,
    private readonly bot: DingTalkBot,
  ) {}

  get state(): ConnectionState {
    return this.bot.state;
  }

  on<K extends keyof ChatPlatformEvents>(event: K, listener: (...args: ChatPlatformEvents[K]) => void): () => void {
    return this.bot.on(event, listener);
  }

  start(): void {
    this.bot.start();
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.chat.stop();
  }

  unfinished(): InboundEnvelope[] {
    return this.bot.unfinished();
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

  download(attachment: Attachment, inboxDir: string, signal?: AbortSignal): Promise<SavedFile> {
    return this.bot.download(attachment, inboxDir, signal);
  }
}
