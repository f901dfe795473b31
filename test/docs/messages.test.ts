import { describe, expect, it } from 'vitest';
import { AppWording } from './app-texts.js';
import { LANGUAGES, pagesIn, quotedChinese, quotedMessages, ROOT } from './doc-pages.js';

const wording = new AppWording(ROOT);

/** Words a quoted message has from a library, after the app's own: JSON5's account of where a file is broken. */
const LIBRARY_WORDING = ['invalid character'];

const strangeIn = (quote: string) => wording.strangePairs(LIBRARY_WORDING.reduce((text, words) => text.replaceAll(words, '…'), quote));

describe('the messages the guide quotes', () => {
  it.each(LANGUAGES)('are, in %s, all worded as the app words them', (language) => {
    const quotes = (text: string) => (language === 'zh-CN' ? [...quotedMessages(text), ...quotedChinese(text)] : quotedMessages(text));
    const wrong = pagesIn(language).flatMap((page) => quotes(page.text).flatMap((quote) => {
      const strange = strangeIn(quote);
      return strange.length ? [`${page.path}: *${quote}* (${strange.join(' | ')})`] : [];
    }));
    expect(wrong).toEqual([]);
  });

  it('takes a message the app puts together from its texts, with the values a reader would see', () => {
    expect(strangeIn('钉钉已连接')).toEqual([]);
    expect(strangeIn('The DingTalk app lacks the permission qyapi_robot_sendmsg')).toEqual([]);
    expect(strangeIn('Nobody answered the request to use … within 270 seconds, so the agent was told no')).toEqual([]);
    expect(strangeIn('channels.team.senderPolicy: must be one of "open", "allowlist", "pairing" (got "everyone")')).toEqual([]);
  });

  it('catches a message reworded, or one the app never writes', () => {
    expect(strangeIn('The agent could not continue the earlier conversation, so this one begins anew')).not.toEqual([]);
    expect(strangeIn('Nobody answered the request to use … within 270 seconds, so the agent was refused')).not.toEqual([]);
    expect(strangeIn('钉钉正在睡觉')).not.toEqual([]);
    expect(strangeIn('The bot is sleeping')).not.toEqual([]);
  });
});
