import type { Language } from '../base/language.js';
import type { ChannelSummary } from '../engine/channel-set.js';

/** What the tray says, in the app's language; channel names and DingTalk's own words stay as they are. */
export interface TrayWords {
  status: Record<ChannelSummary['status'], string>;
  connection: Record<ChannelSummary['connection']['status'], string>;
  failed(reason: string | undefined): string;
  reconnecting(reason: string): string;
  /** A channel's line: its name, its state, and the replies it holds when it holds any. */
  line(name: string, state: string, held: number): string;
  /** Added to a DingTalk channel's line: its app's API calls this month, marked when past the warning. */
  apiCalls(count: number, over: boolean): string;
  noChannels: string;
  waiting(count: number): string;
  working(count: number): string;
  open: string;
  start: string;
  stop: string;
  approvalsWaiting(count: number): string;
  noApprovals: string;
  startAtLogin: string;
  quit: string;
}

const EN: TrayWords = {
  status: { running: 'running', starting: 'starting', stopped: 'stopped', failed: 'failed' },
  connection: { stopped: 'stopped', connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting', failed: 'failed' },
  failed: (reason) => `failed — ${reason ?? 'see the log'}`,
  reconnecting: (reason) => `reconnecting (${reason})`,
  line: (name, state, held) => `${name}: ${state}${held ? `, ${held} ${held === 1 ? 'reply' : 'replies'} waiting for DingTalk` : ''}`,
  apiCalls: (count, over) => `, ${over ? '⚠ ' : ''}${count.toLocaleString('en')} DingTalk API call${count === 1 ? '' : 's'} this month`,
  noChannels: 'No channels yet',
  waiting: (count) => `${count} waiting for approval`,
  working: (count) => `${count} agent${count === 1 ? '' : 's'} working`,
  open: 'Open Dingbridge',
  start: 'Start',
  stop: 'Stop',
  approvalsWaiting: (count) => `Approvals waiting: ${count}`,
  noApprovals: 'No approvals waiting',
  startAtLogin: 'Start at login',
  quit: 'Quit Dingbridge',
};

const ZH: TrayWords = {
  status: { running: '运行中', starting: '启动中', stopped: '已停止', failed: '失败' },
  connection: { stopped: '已停止', connecting: '连接中', connected: '已连接', reconnecting: '重连中', failed: '连接失败' },
  failed: (reason) => `失败：${reason ?? '请查看日志'}`,
  reconnecting: (reason) => `重连中（${reason}）`,
  line: (name, state, held) => `${name}：${state}${held ? `，${held} 条回复等待钉钉接收` : ''}`,
  apiCalls: (count, over) => `，${over ? '⚠ ' : ''}本月钉钉 API 调用 ${count.toLocaleString('en')} 次`,
  noChannels: '还没有频道',
  waiting: (count) => `${count} 项等待审批`,
  working: (count) => `${count} 个智能体正在工作`,
  open: '打开 Dingbridge',
  start: '启动',
  stop: '停止',
  approvalsWaiting: (count) => `等待审批：${count}`,
  noApprovals: '没有等待审批的请求',
  startAtLogin: '登录时启动',
  quit: '退出 Dingbridge',
};

export function trayWords(language: Language): TrayWords {
  return language === 'zh-CN' ? ZH : EN;
}
