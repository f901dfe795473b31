import { describe, expect, it } from 'vitest';
import { AGENT_WORDS } from '../../../../electron/core/reply/words/agent-words.js';
import { AgentError } from '../../../../electron/core/agents/agent-errors.js';

/** The Chinese half and the English half of a chat message, in that order. */
const halves = (text: string) => {
  const [chinese, ...english] = text.split('\n\n');
  return { chinese: chinese ?? '', english: english.join('\n\n') };
};
const CJK = /[\u4e00-\u9fff]/;

describe('what the bot says in the chat when the agent fails', () => {
  it('says that an agent that died mid-turn is restarted, in Chinese first and then in English', () => {
    const text = AGENT_WORDS.failed('both', new AgentError({ code: 'exited', agent: 'Qwen Code', exitCode: 1, action: 'answer' }, 'panic: out of memory'));
    const { chinese, english } = halves(text);
    expect(chinese).toBe('⚠️ 智能体在处理这条消息时意外停止。下一条消息会自动重启它，请重新发送这条消息。');
    expect(english).toBe(
      '⚠️ The agent stopped unexpectedly while working on this (Qwen Code exited with code 1 before it could answer.) It is restarted for your next message; please send this one again.',
    );
    // The stderr tail is for the log, never the chat.
    expect(text).not.toContain('out of memory');
  });

  it('tells a person how the agent can be logged in, with the command, in both languages', () => {
    const text = AGENT_WORDS.failed('both', new AgentError({ code: 'needs-login', agent: 'Qwen Code', action: 'start-session', login: 'qwen' }));
    const { chinese, english } = halves(text);
    expect(chinese).toBe('⚠️ Qwen Code 需要先登录才能开始会话：请在运行 Dingbridge 的电脑上，在终端里运行一次 `qwen` 并登录。');
    expect(english).toBe('⚠️ Qwen Code needs you to log in before it can start a session. Run `qwen` once in a terminal and log in.');
  });

  it('has Chinese for every kind of agent failure, and for failures without a code keeps the English detail', () => {
    const failures = [
      new AgentError({ code: 'folder-missing', folder: '/srv/app' }),
      new AgentError({ code: 'keeps-crashing', crashes: 4, minutes: 5, last: { code: 'crashed', agent: 'Codex', signal: 'SIGKILL' } }),
      new AgentError('something nobody foresaw'),
      new Error('socket hang up'),
    ];
    for (const failure of failures) expect(halves(AGENT_WORDS.failed('both', failure)).chinese).toMatch(CJK);
    expect(AGENT_WORDS.failed('both', new Error('socket hang up'))).toBe('⚠️ 智能体无法回答这条消息。\n\n⚠️ The agent could not answer: socket hang up');
    expect(halves(AGENT_WORDS.failed('both', failures[1])).english).toBe(
      '⚠️ The agent stopped 4 times within 5 minutes, so it is not restarted again. Last time: Codex was killed (SIGKILL).',
    );
  });

  it('says a turn was stopped for taking too long, and why an answer is empty, in both languages', () => {
    expect(AGENT_WORDS.timedOut('both', 30 * 60_000)).toBe(
      '⏱ 智能体处理这条消息超过了 30 分钟，已被停止。请把请求拆小一些再试。\n\n⏱ The agent worked on this for more than 30 minutes, so it was stopped. Try a smaller request.',
    );
    for (const stop of ['refusal', 'max_tokens', 'max_turn_requests', 'end_turn'] as const) {
      const { chinese, english } = halves(AGENT_WORDS.empty('both', stop));
      expect(chinese).toMatch(CJK);
      expect(english).toMatch(/^The agent /);
    }
    expect(halves(AGENT_WORDS.sessionLost('both')).chinese).toBe('ℹ️ 智能体无法继续之前的对话，这次将开始新的对话。');
  });
});
