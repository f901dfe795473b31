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
});
