import type { Language } from '../base/language.js';

/** What the desktop notifications say, in the app's language; names, codes and commands stay as they are. */
export interface NotificationWords {
  pairingTitle: string;
  pairingBody(nick: string, staffId: string, channel: string, code: string): string;
  permissionTitle: string;
  /** Ends a body cut to fit, and says where to read it whole. */
  openToSee: string;
}

const EN: NotificationWords = {
  pairingTitle: 'New pairing request',
  pairingBody: (nick, staffId, channel, code) => `${nick} (${staffId}) wants to use ${channel}. Code ${code}.`,
  permissionTitle: 'The agent asks for permission',
  openToSee: '… (open to see the whole command)',
};

const ZH: NotificationWords = {
  pairingTitle: '新的配对请求',
  pairingBody: (nick, staffId, channel, code) => `${nick}（${staffId}）想使用 ${channel}。配对码 ${code}。`,
  permissionTitle: '智能体请求权限',
  openToSee: '……（打开窗口查看完整命令）',
};

export function notificationWords(language: Language): NotificationWords {
  return language === 'zh-CN' ? ZH : EN;
}
