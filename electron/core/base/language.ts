import { z } from 'zod';

/** The languages the app speaks in its window, tray and notifications. */
export const LanguageSchema = z.enum(['zh-CN', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

/** The language to use: the user's choice, else the system's (Chinese when it is any Chinese). */
export function resolveLanguage(choice: 'system' | Language, systemLanguages: readonly string[]): Language {
  if (choice !== 'system') return choice;
  return systemLanguages.some((language) => language.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}
