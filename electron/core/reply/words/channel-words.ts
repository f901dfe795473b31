import type { ChatLanguage } from '../../chat/chat-language.js';
import { speak } from './bilingual.js';

/** What the bot says on its own behalf: pairing, messages it cannot read, files it cannot fetch, errors. */
export const CHANNEL_WORDS = {
  pairingCode: (language: ChatLanguage, nick: string, code: string) =>
    speak(language, {
      zh: `👋 ${nick}，使用此机器人需要管理员批准。配对码：**${code}**（1 小时内有效），请把它发给运行 Dingbridge 的人。`,
      en: `👋 ${nick}, this bot needs its operator's approval first. Your pairing code is **${code}** (valid for 1 hour): give it to the person who runs Dingbridge.`,
    }),
  pairingFull: (language: ChatLanguage) =>
    speak(language, { zh: '待处理的配对请求过多，请稍后再试。', en: 'Too many pairing requests are waiting; please try again later.' }),
  approved: (language: ChatLanguage) => speak(language, { zh: '✅ 你已获准使用此机器人。', en: '✅ You can now use this bot.' }),
  denied: (language: ChatLanguage) => speak(language, { zh: '⛔ 管理员拒绝了你的使用请求。', en: '⛔ The operator declined your request to use this bot.' }),
  /** `what` is the platform's own word on the message, shown once above the bot's. */
  unsupported: (language: ChatLanguage, what: string) =>
    `🤔 ${what}\n\n${speak(language, { zh: '暂时无法处理这种消息，请发送文字、图片或文件。', en: "I can't read this kind of message yet; please send text, pictures or files." })}`,
  fileFailed: (language: ChatLanguage, name: string, why: string) =>
    speak(language, { zh: `⚠️ 无法获取文件 ${name}：${why}`, en: `⚠️ The file ${name} could not be fetched: ${why}` }),
  apology: (language: ChatLanguage, ref: string) =>
    speak(language, { zh: `抱歉，处理这条消息时出错了。参考编号：${ref}`, en: `Sorry, something went wrong with this message. Reference: ${ref}` }),
  /** The reference the operator finds the error by in the log; the same in every language. */
  withRef: (text: string, ref: string) => `${text}\n\n(ref ${ref})`,
};
