import { describe, expect, it } from 'vitest';
import { trayModel } from '../../../electron/core/desktop/tray-model.js';
import type { ChannelSummary } from '../../../electron/core/engine/channel-set.js';

const channel = (name: string, over: Partial<ChannelSummary> = {}): ChannelSummary => ({
  name,
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'idle' },
  ...over,
});

describe('trayModel', () => {
  it('picks the icon for the most important state', () => {
    const base = { pendingApprovals: 0, busySessions: 0, startAtLogin: false, language: 'en' as const, apiCallWarning: 4000 };
    expect(trayModel({ ...base, channels: [] }).state).toBe('idle');
    expect(trayModel({ ...base, channels: [channel('a')] }).state).toBe('connected');
    expect(trayModel({ ...base, channels: [channel('a')], busySessions: 2 }).state).toBe('working');
    expect(trayModel({ ...base, channels: [channel('a', { connection: { status: 'reconnecting', reason: 'x', attempt: 1, nextAttemptAt: 0 } })], busySessions: 1 }).state).toBe('reconnecting');
    expect(trayModel({ ...base, channels: [channel('a')], pendingApprovals: 1, busySessions: 1 }).state).toBe('waiting');
    expect(trayModel({ ...base, channels: [channel('a'), channel('b', { status: 'failed', reason: 'bad secret' })], pendingApprovals: 3 }).state).toBe('error');
    expect(trayModel({ ...base, channels: [channel('a', { status: 'stopped', connection: { status: 'stopped' } })] }).state).toBe('idle');
  });

  it('summarises each channel in the tooltip and offers start/stop per channel', () => {
    const model = trayModel({
      channels: [channel('team', { heldReplies: 2 }), channel('ops', { status: 'failed', reason: 'DingTalk rejected the AppKey' }), channel('lab', { status: 'stopped', connection: { status: 'stopped' } })],
      pendingApprovals: 2,
      busySessions: 1,
      startAtLogin: true,
      language: 'en',
      apiCallWarning: 4000,
    });
    expect(model.tooltip).toBe('Dingbridge\nteam: connected, 2 replies waiting for DingTalk\nops: failed — DingTalk rejected the AppKey\nlab: stopped\n2 waiting for approval\n1 agent working');
    expect(model.menu.map((item) => item.kind)).toEqual(['open', 'separator', 'channel', 'channel', 'channel', 'separator', 'approvals', 'startAtLogin', 'separator', 'quit']);
    expect(model.menu.filter((item) => item.kind === 'channel').map((item) => item.kind === 'channel' && [item.name, item.running])).toEqual([
      ['team', true],
      ['ops', false],
      ['lab', false],
    ]);
    expect(model.menu.find((item) => item.kind === 'approvals')).toMatchObject({ label: 'Approvals waiting: 2', count: 2 });
    expect(model.menu.find((item) => item.kind === 'startAtLogin')).toMatchObject({ checked: true });
  });

  it('says each DingTalk app’s API calls this month, and marks those past the warning the operator set', () => {
    const channels = [channel('team', { apiCalls: { today: 12, thisMonth: 1234 } }), channel('ops', { apiCalls: { today: 300, thisMonth: 4100 } }), channel('simulator')];
    const input = { channels, pendingApprovals: 0, busySessions: 0, startAtLogin: false, apiCallWarning: 4000 };
    expect(trayModel({ ...input, language: 'en' }).tooltip).toBe(
      'Dingbridge\nteam: connected, 1,234 DingTalk API calls this month\nops: connected, ⚠ 4,100 DingTalk API calls this month\nsimulator: connected',
    );
    expect(trayModel({ ...input, language: 'zh-CN' }).tooltip).toBe('Dingbridge\nteam：已连接，本月钉钉 API 调用 1,234 次\nops：已连接，⚠ 本月钉钉 API 调用 4,100 次\nsimulator：已连接');
    expect(trayModel({ ...input, apiCallWarning: 0, language: 'en' }).tooltip).not.toContain('⚠');
  });

  it('speaks the app’s language, keeping channel names and DingTalk’s own words as they are', () => {
    const model = trayModel({
      channels: [channel('team', { heldReplies: 2 }), channel('ops', { status: 'failed', reason: 'DingTalk rejected the AppKey' })],
      pendingApprovals: 1,
      busySessions: 2,
      startAtLogin: false,
      language: 'zh-CN',
      apiCallWarning: 4000,
    });
    expect(model.tooltip).toBe('Dingbridge\nteam：已连接，2 条回复等待钉钉接收\nops：失败：DingTalk rejected the AppKey\n1 项等待审批\n2 个智能体正在工作');
    expect(model.menu.map((item) => ('label' in item ? item.label : '—'))).toEqual([
      '打开 Dingbridge',
      '—',
      'team：已连接，2 条回复等待钉钉接收',
      'ops：失败：DingTalk rejected the AppKey',
      '—',
      '等待审批：1',
      '登录时启动',
      '—',
      '退出 Dingbridge',
    ]);
    expect(model.menu.find((item) => item.kind === 'channel')).toMatchObject({ start: '启动', stop: '停止' });
  });
});
