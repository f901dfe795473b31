import type { InboundEnvelope } from '../platform/dingtalk/envelope.js';
import type { SavedFile, TurnInput } from '../agents/turn-input.js';
import type { ChatLanguage } from '../chat/chat-language.js';
import { CHANNEL_WORDS } from '../reply/words/channel-words.js';
import type { ChannelPlatform } from './open-platform.js';

/**
 * A message as the agent gets it: its words, who said them where, and its files saved to `inboxDir`. A file that
 * cannot be fetched is said so to the sender and left out; undefined when nothing is left to ask.
 */
export async function agentInputOf(
  platform: ChannelPlatform,
  message: InboundEnvelope,
  inboxDir: string,
  language: ChatLanguage,
  notify: (text: string) => Promise<unknown>,
): Promise<TurnInput | undefined> {
  const files: SavedFile[] = [];
  for (const attachment of message.attachments) {
    try {
      const saved = await platform.download(attachment, inboxDir);
      files.push({ kind: attachment.kind, path: saved.path, mimeType: saved.mimeType, fileName: saved.fileName });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      await notify(CHANNEL_WORDS.fileFailed(language, attachment.fileName ?? attachment.kind, why));
    }
  }
  if (!message.text && files.length === 0) return undefined;
  const { conversation, sender, quoted } = message;
  return {
    msgId: message.msgId,
    conversationId: conversation.id,
    conversationType: conversation.type,
    ...(conversation.title ? { conversationTitle: conversation.title } : {}),
    senderId: sender.id,
    senderNick: sender.nick,
    text: message.text,
    ...(quoted?.text ? { quoted: { text: quoted.text, ...(quoted.senderNick ? { senderNick: quoted.senderNick } : {}) } } : {}),
    files,
  };
}
