import type { ChatLanguage } from '../../chat/chat-language.js';
import { inline } from './bilingual.js';

/** What the bot writes on an AI card besides the agent's answer. */
export const CARD_WORDS = {
  /** Under a card whose answer is too long for it: the rest follows as messages. */
  continued: (language: ChatLanguage) => `*${inline(language, '（内容过长，其余部分见下方消息）', '(too long for a card: the rest follows in the messages below)')}*`,
  /** On a card DingTalk made though it said it failed to: the answer went as a message. */
  inMessage: (language: ChatLanguage) => `*${inline(language, '回答见下方消息', 'The answer is in the message below')}*`,
  /** The button on a card that stops the turn it answers. */
  stopButton: (language: ChatLanguage) => `⏹ ${inline(language, '停止', 'Stop')}`,
  /** Under the text of a turn someone stopped. */
  stopped: (language: ChatLanguage) => `*⏹ ${inline(language, '已停止', 'Stopped')}*`,
  /** Under a card that Dingbridge stopping (or crashing) cut short: the message is answered again when it is back. */
  interrupted: (language: ChatLanguage) =>
    `*⏸ ${inline(language, 'Dingbridge 在回答完成前停止了；重新启动后会再次回答这条消息', 'Dingbridge stopped before this answer was complete; the message is answered again when it is back')}*`,
};
