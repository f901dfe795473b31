import { z } from 'zod';

/**
 * The language the bot speaks in a chat: both (Chinese first, then English), or one of them. DingTalk's callbacks
 * carry no sender locale, so the channel's setting decides, for every chat of the bot alike.
 */
export const ChatLanguageSchema = z.enum(['both', 'zh-CN', 'en']);
export type ChatLanguage = z.infer<typeof ChatLanguageSchema>;
