import { describe, expect, it } from 'vitest';
import { describeEvent, KIND_GROUPS } from '../../renderer/src/pages/log/describe-event';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import type { LogEvent } from '../../renderer/src/view-types';
import { FileRefusalSchema, type FileRefusal } from '../../electron/core/chat/outgoing-file';

const base = { id: '1', at: 0, channel: 'team', conversationId: 'cid1==', replyKind: 'answer' } as const;
const held: LogEvent = { ...base, kind: 'reply.held', error: 'DingTalk had a server error (HTTP 503) during the direct message send' };
const late: LogEvent = { ...base, kind: 'reply.sent', path: 'openapi', chunks: 1, heldForMs: 7 * 60_000 };

describe('the words of a log row', () => {
  it('shows it held as a warning with DingTalk’s words, and later how long it waited', () => {
    expect(describeEvent(held, en)).toEqual({ what: en.events.replyHeld, why: 'DingTalk had a server error (HTTP 503) during the direct message send', tone: 'warn' });
    expect(describeEvent(late, en)).toMatchObject({ what: 'Reply sent via the Open API', why: 'Sent after waiting 7 min: DingTalk could not take it at first', tone: 'good' });
    expect(describeEvent(late, zhCN).why).toContain('钉钉起初无法接收');
  });

  it('words a person let in from the app and a message delivered twice in Chinese, not in the engine’s English', () => {
    const at = { id: '3', at: 0, channel: 'team' } as const;
    const allowed: LogEvent = { ...at, kind: 'pairing.approved', staffId: 'lisi', nick: '李四', detail: 'allowed from the app' };
    const paired: LogEvent = { ...at, kind: 'pairing.approved', staffId: 'lisi', nick: '李四', code: 'AB12CD34' };
    const again: LogEvent = { ...at, kind: 'message.skipped', reason: 'duplicate', detail: 'DingTalk delivered this message again', msgId: 'm' };
    expect(describeEvent(allowed, zhCN)).toEqual({ what: '已批准', why: '在应用中直接放行', tone: 'good' });
    expect(describeEvent(paired, zhCN).why).toBeUndefined();
    expect(describeEvent(again, zhCN)).toEqual({ what: '重复投递，已处理过', tone: 'normal' });
  });

  it('says a reply waits for DingTalk’s rate limit, for how long and why, in both languages', () => {
    const waiting: LogEvent = { ...base, kind: 'reply.waiting', waitMs: 42_000 };
    expect(describeEvent(waiting, en)).toEqual({ what: "Waiting for DingTalk's rate limit, 42 s", why: en.events.rateLimitWhy, tone: 'warn' });
    expect(describeEvent(waiting, zhCN).what).toBe('正在等待钉钉的频率限制，42 秒');
    expect(KIND_GROUPS.replies).toContain('reply.waiting');
  });

  it('is found under both the replies and the errors filters', () => {
    expect(KIND_GROUPS.replies).toContain('reply.held');
    expect(KIND_GROUPS.errors).toContain('reply.held');
  });

  it('speaks Chinese to a Chinese user: access reasons, states, outcomes and answers', () => {
    const at = { id: '2', at: 0, channel: 'team' } as const;
    const rows: LogEvent[] = [
      { ...at, kind: 'access.decision', conversationId: 'cid', msgId: 'm', decision: 'dropped', reason: 'the bot was not @-mentioned and this group requires it (requireMention)', reasonCode: 'mention-required' },
      { ...at, kind: 'connection.state', state: { status: 'connected', since: 0 } },
      { ...at, kind: 'channel.state', status: 'running' },
      { ...at, kind: 'agent.state', status: 'ready' },
      { ...at, kind: 'agent.turn.finished', sessionKey: 'k', msgIds: ['m'], outcome: 'timeout', durationMs: 5_000 },
      { ...at, kind: 'agent.permission.answered', permissionId: 'p', sessionKey: 'k', title: 'Edit file', decision: 'allow_once', by: 'user' },
    ];
    const described = rows.map((row) => describeEvent(row, zhCN));
    expect(described.map((row) => row.what)).toEqual(['已忽略', '钉钉已连接', '频道运行中', '智能体就绪', '智能体完成：超时（5 秒）', 'Edit file：允许一次（在应用中）']);
    expect(described[0]?.why).toBe('没有 @机器人，而该群要求 @ 才回复');
  });

  it('words a command run on a remembered approval, and an answer given in the chat, with the command and who answered', () => {
    const at = { id: '3', at: 0, channel: 'team', permissionId: 'p', sessionKey: 'k', title: 'Shell', detail: 'npm test' } as const;
    const used: LogEvent = { ...at, kind: 'agent.permission.answered', decision: 'allow_once', by: 'remembered' };
    const chat: LogEvent = { ...at, kind: 'agent.permission.answered', decision: 'allow_always', by: 'chat', answerer: { staffId: 'zhangsan', nick: '张三' } };
    expect(describeEvent(used, en)).toEqual({ what: 'Shell: allowed without asking (a remembered approval)', why: 'npm test', tone: 'normal' });
    expect(describeEvent(used, zhCN).what).toBe('Shell：未询问即允许（已记住的批准）');
    expect(describeEvent(chat, en)).toMatchObject({ what: 'Shell: always allowed (in the chat, by 张三)', why: 'npm test' });
  });

  it('words a revoked remembered approval with its command, and a channel removed by hand with where its state went', () => {
    const revoked: LogEvent = { id: '6', at: 0, channel: 'team', kind: 'agent.permission.revoked', approvalId: 'r1', title: 'Shell', detail: 'npm test' };
    expect(describeEvent(revoked, en)).toEqual({ what: 'Shell: remembered approval revoked; asked again from now on', why: 'npm test', tone: 'normal' });
    expect(describeEvent(revoked, zhCN).what).toBe('Shell：已撤销记住的批准，以后会重新询问');
    expect(KIND_GROUPS.agent).toContain('agent.permission.revoked');

    const archived: LogEvent = { id: '7', at: 0, channel: 'old', kind: 'channel.archived', folder: 'channels/.removed/old-2026-01-02T03-04-05-006Z' };
    expect(describeEvent(archived, en)).toMatchObject({ what: 'No longer in the settings: its state was set aside', why: 'Its approvals, pairing requests and sessions are now in channels/.removed/old-2026-01-02T03-04-05-006Z in the data folder; a new channel of this name starts afresh', tone: 'warn' });
    expect(describeEvent(archived, zhCN).why).toContain('channels/.removed/old-2026-01-02T03-04-05-006Z');
    expect(KIND_GROUPS.connection).toContain('channel.archived');
  });

  it('words an agent that needs a login as a warning, with the reason, in both languages', () => {
    const row: LogEvent = { id: '5', at: 0, channel: 'team', kind: 'agent.state', status: 'needs-login', reason: 'Qwen Code needs you to log in before it can start a session.' };
    expect(describeEvent(row, en)).toMatchObject({ what: 'Agent needs a login', why: 'Qwen Code needs you to log in before it can start a session.', tone: 'warn' });
    expect(describeEvent(row, zhCN).what).toBe('智能体需要登录');
  });

  it('shows a reason or state it has no words for as the engine sent it', () => {
    const old: LogEvent = { id: '3', at: 0, channel: 'team', kind: 'access.decision', conversationId: 'cid', msgId: 'm', decision: 'dropped', reason: 'not on the allowlist' };
    expect(describeEvent(old, zhCN).why).toBe('not on the allowlist');
    const newer: LogEvent = { id: '4', at: 0, channel: 'team', kind: 'agent.state', status: 'hibernating' };
    expect(describeEvent(newer, zhCN).what).toBe('智能体hibernating');
  });
});

describe('the words of a file the agent sent', () => {
  const at = { id: '8', at: 0, channel: 'team', conversationId: 'cid1==' } as const;
  const chart = { ...at, name: 'chart.png', fileKind: 'image', bytes: 84 * 1024, source: '/abs/path/chart.png', via: 'tool' } as const;
  const sent: LogEvent = { ...chart, kind: 'file.sent', zipped: true, attempts: 2 };
  const held: LogEvent = { ...chart, kind: 'file.held', error: 'DingTalk had a server error (HTTP 503) during the upload' };
  const failed: LogEvent = { ...chart, kind: 'file.failed', fileKind: 'file', name: 'report.zip', bytes: 1_258_291, via: 'marker', error: 'DingTalk refused the file' };
  const refused = (reason: FileRefusal, detail?: string): LogEvent => ({ ...at, kind: 'file.refused', asked: 'report.exe', via: 'content', reason, ...(detail ? { detail } : {}) });

  it('says what was sent, how large, where it was taken from and how it got there', () => {
    expect(describeEvent(sent, en)).toEqual({
      what: 'Sent picture chart.png (84 KB)',
      why: 'taken from /abs/path/chart.png · through the MCP tool · zipped, as DingTalk does not take its type · after 2 attempts',
      tone: 'good',
    });
    expect(describeEvent({ ...sent, zipped: false, attempts: 3, heldForMs: 3 * 60_000 } as LogEvent, en).why).toBe('taken from /abs/path/chart.png · through the MCP tool · held for 3 min');
    expect(describeEvent(sent, zhCN)).toEqual({ what: '已发送图片 chart.png（84 KB）', why: '取自 /abs/path/chart.png · 通过 MCP 工具 · 钉钉不接收这种类型，已压缩为 zip · 尝试 2 次后成功', tone: 'good' });
  });

  it('says why a file was not sent, with the limit or path behind it, in both languages', () => {
    expect(describeEvent(refused('outside-folder', '/etc/passwd'), en)).toEqual({ what: 'Did not send report.exe', why: 'outside the working folder: /etc/passwd · as content of the agent’s answer (ACP)', tone: 'warn' });
    expect(describeEvent(refused('outside-folder', '/etc/passwd'), zhCN)).toMatchObject({ what: '未发送 report.exe', why: '不在工作文件夹内：/etc/passwd · 作为智能体回答中的内容（ACP）' });
    for (const reason of FileRefusalSchema.options) {
      for (const m of [en, zhCN]) {
        const { why } = describeEvent(refused(reason), m);
        expect(why).not.toContain(reason);
        expect(why?.length).toBeGreaterThan(m.events.fileVia.content.length + 3);
      }
    }
  });

  it('shows a held file as a warning and a failed one as a failure, with DingTalk’s words', () => {
    expect(describeEvent(held, en)).toEqual({
      what: 'Held picture chart.png (84 KB): DingTalk could not take it; it is tried again, and sent as soon as DingTalk takes it',
      why: 'DingTalk had a server error (HTTP 503) during the upload',
      tone: 'warn',
    });
    expect(describeEvent(failed, en)).toEqual({ what: 'Could not send file report.zip (1.2 MB)', why: 'DingTalk refused the file', tone: 'bad' });
    expect(describeEvent(held, zhCN).what).toBe('图片 chart.png（84 KB）已暂存：钉钉暂时无法接收，会自动重试，钉钉恢复后立即发送');
    expect(describeEvent(failed, zhCN).what).toBe('文件 report.zip（1.2 MB）发送失败');
  });

  it('leaves no code of the engine’s in the Chinese words', () => {
    // DingTalk's own words on a held or failed file are shown as they came, so only the app's words are looked at.
    const rows = [sent, refused('not-an-image', 'SVG'), { ...sent, via: 'marker' } as LogEvent, { ...sent, via: 'content' } as LogEvent];
    const words = [...rows.map((row) => describeEvent(row, zhCN)).flatMap(({ what, why }) => [what, why]), describeEvent(held, zhCN).what, describeEvent(failed, zhCN).what];
    for (const text of words) expect(text).not.toMatch(/\b(image|file|tool|marker|content|not-an-image)\b/);
  });

  it('is found under the replies filter, and held or failed under the errors filter too', () => {
    expect(KIND_GROUPS.replies).toEqual(expect.arrayContaining(['file.sent', 'file.refused', 'file.held', 'file.failed']));
    expect(KIND_GROUPS.errors).toEqual(expect.arrayContaining(['file.held', 'file.failed']));
    expect(KIND_GROUPS.errors).not.toContain('file.sent');
  });
});
