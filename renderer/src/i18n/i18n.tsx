import { createContext, useContext, type ReactNode } from 'react';
import { en, type Messages } from './en';
import { zhCN } from './zh-CN';

export type Language = 'zh-CN' | 'en';

/** The language to show: the user's choice, else the system's (Chinese when it is any Chinese). */
export function resolveLanguage(choice: 'system' | Language, systemLanguages: readonly string[] = navigator.languages): Language {
  if (choice !== 'system') return choice;
  return systemLanguages.some((language) => language.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

const MessagesContext = createContext<Messages>(en);

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  return <MessagesContext.Provider value={language === 'zh-CN' ? zhCN : en}>{children}</MessagesContext.Provider>;
}

export const useMessages = (): Messages => useContext(MessagesContext);
