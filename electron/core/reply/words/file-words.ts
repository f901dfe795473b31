import type { ChatLanguage } from '../../chat/chat-language.js';
import type { FileRefusal } from '../../chat/outgoing-file.js';
import { speak, type Bilingual } from './bilingual.js';

const WHY: Record<FileRefusal, Bilingual> = {
  'not-found': { zh: '找不到这个文件', en: 'there is no such file' },
  'outside-folder': { zh: '它不在频道的工作文件夹里，智能体只能发送工作文件夹里的文件', en: 'it is outside the channel’s working folder, and the agent may send only files inside it' },
  'not-a-file': { zh: '它不是一个普通文件', en: 'it is not a regular file' },
  'too-large': { zh: '它超过了钉钉允许的大小', en: 'it is larger than DingTalk takes' },
  'not-an-image': { zh: '钉钉不能把它显示为图片', en: 'DingTalk cannot show it as a picture' },
  unreadable: { zh: '无法读取它', en: 'it could not be read' },
  'no-conversation': { zh: '智能体现在没有在回答任何消息', en: 'the agent is not answering any message right now' },
  'not-supported': { zh: '这个频道不能发送文件', en: 'this channel cannot send files' },
};

/** What the bot tells the person of a file the agent sent, or meant to. */
export const FILE_WORDS = {
  refused: (language: ChatLanguage, asked: string, reason: FileRefusal, detail: string) =>
    speak(language, {
      zh: `📎 没有发送 \`${asked}\`：${WHY[reason].zh}（${detail}）。`,
      en: `📎 Did not send \`${asked}\`: ${WHY[reason].en} (${detail}).`,
    }),
  failed: (language: ChatLanguage, name: string, error: string) =>
    speak(language, {
      zh: `📎 钉钉没有接收文件 ${name}，它没有发出。${error}`,
      en: `📎 DingTalk did not take the file ${name}, so it was not sent. ${error}`,
    }),
};

/** The same refusal in English for the agent, which acts on it (another path, a smaller file). */
export function refusalForAgent(asked: string, reason: FileRefusal, detail: string): string {
  return `Not sent: ${asked}: ${WHY[reason].en} (${detail}).`;
}
