import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../../../electron/core/reply/words/bot-words.js';
import { CHANNEL_WORDS } from '../../../../electron/core/reply/words/channel-words.js';
import { AgentError } from '../../../../electron/core/agents/agent-errors.js';
import type { BotSays } from '../../../../electron/core/agents/bot-says.js';

const CJK = /[\u4e00-\u9fff]/;

/** One of everything the agent side can have the bot say. */
const EVERYTHING: BotSays[] = [
  { say: 'failed', failure: new AgentError({ code: 'needs-login', agent: 'Qwen Code', action: 'answer', login: 'qwen' }) },
  { say: 'failed', failure: new Error('socket hang up') },
  { say: 'empty', stopReason: 'refusal' },
  { say: 'timed-out', ms: 60_000 },
  { say: 'session-lost' },
  { say: 'permission-not-yours', requesters: ['Ada'] },
  { say: 'permission-timed-out', title: 'npm test', ms: 270_000 },
  { say: 'file-refused', asked: '../secrets.txt', reason: 'outside-folder', detail: 'the folder is /srv/app' },
  { say: 'file-failed', name: 'chart.png', error: 'DingTalk failed on its side.' },
  { say: 'help', agentCommands: [{ name: 'compress', description: 'Compress the context' }] },
  { say: 'cleared' },
  { say: 'nothing-to-clear' },
  { say: 'status', session: 'active', busy: true, agent: { status: 'needs-login', agent: 'Qwen Code', login: 'qwen' }, folder: '/srv/app', model: 'qwen3' },
  { say: 'cancelled' },
  { say: 'nothing-running' },
  { say: 'answered-in-app' },
  { say: 'nothing-waiting' },
  { say: 'answered', decision: 'allow_always', title: 'npm test' },
];

const CHANNEL: Array<[string, (language: 'both' | 'zh-CN' | 'en') => string]> = [
  ['pairing code', (language) => CHANNEL_WORDS.pairingCode(language, 'Ada', 'AB12CD34')],
  ['too many requests', (language) => CHANNEL_WORDS.pairingFull(language)],
  ['approved', (language) => CHANNEL_WORDS.approved(language)],
  ['denied', (language) => CHANNEL_WORDS.denied(language)],
  ['unsupported', (language) => CHANNEL_WORDS.unsupported(language, 'Messages of type "ding" are not supported yet.')],
  ['file failed', (language) => CHANNEL_WORDS.fileFailed(language, 'a.zip', 'too large')],
  ['apology', (language) => CHANNEL_WORDS.apology(language, 'E-1234')],
];

describe("the bot's words in a chat's language", () => {
  it.each(EVERYTHING.map((says) => [says.say, says] as const))('words "%s" in Chinese only, English only, or both with Chinese first', (_name, says) => {
    const chinese = wordsOf(says, 'zh-CN');
    const english = wordsOf(says, 'en');
    const both = wordsOf(says, 'both');
    expect(chinese).toMatch(CJK);
    expect(english).not.toMatch(CJK);
    expect(english.trim()).not.toBe('');
    expect(both).toMatch(CJK);
    // Chinese first: the first line is (or starts) the Chinese half.
    expect(both.split('\n')[0]).toMatch(CJK);
    for (const word of english.match(/[A-Za-z]{5,}/g) ?? []) expect(both).toContain(word);
  });

  it.each(CHANNEL)('words the channel\'s "%s" in each language', (_name, words) => {
    expect(words('zh-CN')).toMatch(CJK);
    expect(words('en')).not.toMatch(CJK);
    expect(words('both')).toContain(words('zh-CN').split('\n').at(-1) ?? '');
    for (const word of words('en').match(/[A-Za-z]{5,}/g) ?? []) expect(words('both')).toContain(word);
  });

  it('keeps the layout people know when both languages are spoken', () => {
    expect(wordsOf({ say: 'help', agentCommands: [] }, 'both')).toContain('- /status — 智能体在做什么 / what the agent is doing');
    expect(wordsOf({ say: 'cleared' }, 'both')).toBe('会话已清空，下一条消息将开始新的对话。\n\nSession cleared. Your next message will start a fresh conversation.');
    expect(wordsOf({ say: 'status', session: 'none', busy: false, agent: { status: 'ready', agent: 'fake', version: '1.0' }, folder: '/w' }, 'en')).toBe(
      '- Session: none\n- Agent: fake 1.0, running\n- Folder: /w',
    );
  });
});
