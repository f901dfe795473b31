import type { ChatLanguage } from '../../chat/chat-language.js';

/** One thing the bot says, in both its languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The words in the chat's language; both, Chinese first as most of the bot's users read it, then English. */
export function speak(language: ChatLanguage, { zh, en }: Bilingual): string {
  if (language === 'zh-CN') return zh;
  if (language === 'en') return en;
  return `${zh}\n\n${en}`;
}

/** A short phrase (a heading, a list item) in the chat's language; both on one line, split by a slash. */
export function inline(language: ChatLanguage, zh: string, en: string): string {
  if (language === 'zh-CN') return zh;
  if (language === 'en') return en;
  return `${zh} / ${en}`;
}
