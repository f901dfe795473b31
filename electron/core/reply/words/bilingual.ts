import type { ChatLanguage } from '../../chat/chat-language.js';

/** One thing the bot says, in both its languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The halves the chat's language takes: one of them, or both, Chinese first as most of the bot's users read it. */
export function halvesFor(language: ChatLanguage, { zh, en }: Bilingual): string[] {
  if (language === 'zh-CN') return [zh];
  if (language === 'en') return [en];
  return [zh, en];
}

/** A message in the chat's language; both as paragraphs of their own. */
export const speak = (language: ChatLanguage, words: Bilingual): string => halvesFor(language, words).join('\n\n');

/** A short phrase (a heading, a list item) in the chat's language; both on one line, split by a slash. */
export const inline = (language: ChatLanguage, zh: string, en: string): string => halvesFor(language, { zh, en }).join(' / ');
