import type { ChannelSummary } from '../engine/channel-set.js';
import type { Language } from '../base/language.js';
import { trayWords, type TrayWords } from './tray-words.js';

export type TrayState = 'connected' | 'reconnecting' | 'error' | 'working' | 'waiting' | 'idle';

export type TrayMenuItem =
  | { kind: 'open'; label: string }
  | { kind: 'channel'; name: string; label: string; running: boolean; start: string; stop: string }
  | { kind: 'approvals'; label: string; count: number }
  | { kind: 'startAtLogin'; label: string; checked: boolean }
  | { kind: 'separator' }
  | { kind: 'quit'; label: string };

export interface TrayModel {
  state: TrayState;
  tooltip: string;
  menu: TrayMenuItem[];
}

export interface TrayInput {
  channels: ChannelSummary[];
  pendingApprovals: number;
  busySessions: number;
  startAtLogin: boolean;
  language: Language;
  /** An app's API calls this month beyond which its channels' lines warn; 0: never. */
  apiCallWarning: number;
}

function channelLine(channel: ChannelSummary, words: TrayWords, apiCallWarning: number): string {
  const line = words.line(channel.name, channelState(channel, words), channel.heldReplies ?? 0);
  const calls = channel.apiCalls?.thisMonth;
  if (calls === undefined) return line;
  return `${line}${words.apiCalls(calls, apiCallWarning > 0 && calls >= apiCallWarning)}`;
}

function channelState(channel: ChannelSummary, words: TrayWords): string {
  if (channel.status === 'failed') return words.failed(channel.reason);
  if (channel.status !== 'running') return words.status[channel.status];
  const connection = channel.connection;
  if (connection.status === 'reconnecting') return words.reconnecting(connection.reason);
  return words.connection[connection.status];
}

/**
 * What the tray shows, worked out from the engine's state: one icon for the most important thing (an error
 * first, then approvals waiting, a reconnect, an agent at work, all connected), a summary tooltip, the menu.
 */
export function trayModel(input: TrayInput): TrayModel {
  const words = trayWords(input.language);
  const enabled = input.channels.filter((channel) => channel.status !== 'stopped');
  const state: TrayState = enabled.some((c) => c.status === 'failed' || c.connection.status === 'failed')
    ? 'error'
    : input.pendingApprovals > 0
      ? 'waiting'
      : enabled.some((c) => c.connection.status === 'reconnecting' || c.connection.status === 'connecting' || c.status === 'starting')
        ? 'reconnecting'
        : input.busySessions > 0
          ? 'working'
          : enabled.length > 0
            ? 'connected'
            : 'idle';
  const summary = input.channels.length ? input.channels.map((channel) => channelLine(channel, words, input.apiCallWarning)) : [words.noChannels];
  const waiting = input.pendingApprovals ? [words.waiting(input.pendingApprovals)] : [];
  const working = input.busySessions ? [words.working(input.busySessions)] : [];
  return {
    state,
    tooltip: ['Dingbridge', ...summary, ...waiting, ...working].join('\n'),
    menu: [
      { kind: 'open', label: words.open },
      { kind: 'separator' },
      ...input.channels.map((channel) => ({
        kind: 'channel' as const,
        name: channel.name,
        label: channelLine(channel, words, input.apiCallWarning),
        running: channel.status === 'running' || channel.status === 'starting',
        start: words.start,
        stop: words.stop,
      })),
      ...(input.channels.length ? [{ kind: 'separator' as const }] : []),
      { kind: 'approvals', label: input.pendingApprovals ? words.approvalsWaiting(input.pendingApprovals) : words.noApprovals, count: input.pendingApprovals },
      { kind: 'startAtLogin', label: words.startAtLogin, checked: input.startAtLogin },
      { kind: 'separator' },
      { kind: 'quit', label: words.quit },
    ],
  };
}
