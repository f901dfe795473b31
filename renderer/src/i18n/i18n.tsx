import { createContext, useContext, type ReactNode } from 'react';
import { en, type Messages } from './en';
import { zhCN } from './zh-CN';
import { resolveLanguage as resolveAppLanguage, type Language } from '../../../electron/contract/window-shared';

export type { Language };

/** The language to show: the user's choice, else the browser's (Chinese when it is any Chinese). */
export function resolveLanguage(choice: 'system' | Language, systemLanguages: readonly string[] = navigator.languages): Language {
  return resolveAppLanguage(choice, systemLanguages);
}

const MessagesContext = createContext<Messages>(en);

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  return <MessagesContext.Provider value={language === 'zh-CN' ? zhCN : en}>{children}</MessagesContext.Provider>;
}

export const useMessages = (): Messages => useContext(MessagesContext);
