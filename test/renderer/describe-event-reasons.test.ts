import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../renderer/src/pages/log/describe-event';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import type { LogEvent } from '../../renderer/src/view-types';

const at = { id: '1', at: 0, channel: 'team' } as const;

describe('why a state changed, in a log row', () => {
  it('words an agent’s, DingTalk’s and a channel’s reasons in Chinese from their codes', () => {
    const notInstalled = { code: 'not-installed' as const, agent: 'Gemini CLI', command: 'gemini', install: 'npm install -g @google/gemini-cli' };
    const english = 'Gemini CLI is not installed: "gemini" was not found on PATH. Install it with: npm install -g @google/gemini-cli';
    const rows: LogEvent[] = [
      { ...at, kind: 'agent.state', status: 'failed', reason: english, problem: notInstalled },
      { ...at, kind: 'channel.state', status: 'failed', reason: english, problem: { code: 'agent', agent: notInstalled } },
      {
        ...at,
        kind: 'connection.state',
        state: { status: 'reconnecting', reason: 'DingTalk asked to reconnect (server is restarting)', problem: { code: 'asked-to-reconnect', detail: 'server is restarting' }, attempt: 0, nextAttemptAt: 0 },
      },
    ];
    expect(rows.map((row) => describeEvent(row, zhCN).why)).toEqual([
      '这台电脑上没有安装 Gemini CLI：在 PATH 中找不到命令 "gemini"。安装方法：npm install -g @google/gemini-cli',
      '这台电脑上没有安装 Gemini CLI：在 PATH 中找不到命令 "gemini"。安装方法：npm install -g @google/gemini-cli',
      '钉钉要求重新连接（server is restarting）。',
    ]);
    expect(describeEvent(rows[0]!, en).why).toBe(english);
  });

  it('words why DingTalk did not take a reply in Chinese, on its row and in its story', () => {
    const held: LogEvent = {
      ...at,
      kind: 'reply.held',
      conversationId: 'cidTeam==',
      replyKind: 'answer',
      error: 'Could not reach DingTalk for the reply: getaddrinfo ENOTFOUND api.dingtalk.com.',
      problem: { code: 'unreachable', detail: 'getaddrinfo ENOTFOUND api.dingtalk.com' },
    };
    expect(describeEvent(held, zhCN).why).toBe('无法连接到钉钉：getaddrinfo ENOTFOUND api.dingtalk.com。');
    expect(describeEvent({ ...held, kind: 'reply.failed' }, zhCN).why).toBe('无法连接到钉钉：getaddrinfo ENOTFOUND api.dingtalk.com。');
  });

  it('shows the English of events logged before reasons had codes', () => {
    const old: LogEvent = { ...at, kind: 'connection.state', state: { status: 'failed', reason: 'DingTalk rejected the AppKey/AppSecret (DingTalk: authFailed).' } };
    expect(describeEvent(old, zhCN).why).toBe('DingTalk rejected the AppKey/AppSecret (DingTalk: authFailed).');
  });

  it('words the errors the engine itself writes in Chinese', () => {
    const failed: LogEvent = { ...at, kind: 'error', message: 'A message could not be processed', reason: 'message-failed', ref: 'E-7Q2K9D', detail: 'TypeError: boom' };
    const notSetAside: LogEvent = { ...at, id: '2', kind: 'error', message: 'The state of channel "team" could not be set aside: EBUSY', reason: 'state-not-set-aside', detail: 'EBUSY' };
    expect(describeEvent(failed, zhCN)).toMatchObject({ what: '错误 E-7Q2K9D', why: '一条消息无法处理' });
    expect(describeEvent(notSetAside, zhCN).why).toBe('这个频道已不在设置中，但它的批准、配对请求和会话未能移到一旁；下次应用设置时会再试');
    expect(describeEvent(failed, en).why).toBe('A message could not be processed');
  });

  it('shows an agent’s own error text as it came', () => {
    const agent: LogEvent = { ...at, kind: 'error', message: '⚠️ 智能体无法回答这条消息。\n\n⚠️ The agent could not answer: quota exceeded', ref: 'E-AAAAAA' };
    expect(describeEvent(agent, zhCN).why).toBe(agent.kind === 'error' ? agent.message : '');
  });
});
