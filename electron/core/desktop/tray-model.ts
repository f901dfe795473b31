import type { ChannelSummary } from '../service.js';

export type TrayState = 'connected' | 'reconnecting' | 'error' | 'working' | 'waiting' | 'idle';

export type TrayMenuItem =
  | { kind: 'open'; label: string }
  | { kind: 'channel'; name: string; label: string; running: boolean }
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
}

const LINE: Record<ChannelSummary['status'], string> = { running: 'running', starting: 'starting', stopped: 'stopped', failed: 'failed' };

function channelLine(channel: ChannelSummary): string {
  const held = channel.heldReplies ? `, ${channel.heldReplies} ${channel.heldReplies === 1 ? 'reply' : 'replies'} waiting for DingTalk` : '';
  return `${channel.name}: ${channelState(channel)}${held}`;
}

function channelState(channel: ChannelSummary): string {
  if (channel.status === 'failed') return `failed — ${channel.reason ?? 'see the log'}`;
  if (channel.status !== 'running') return LINE[channel.status];
  const connection = channel.connection;
  if (connection.status === 'reconnecting') return `reconnecting (${connection.reason})`;
  return connection.status;
}

/**
 * What the tray shows, worked out from the engine's state: one icon for the most important thing (an error
 * first, then approvals waiting, a reconnect, an agent at work, all connected), a summary tooltip, the menu.
 */
export function trayModel(input: TrayInput): TrayModel {
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
  const summary = input.channels.length ? input.channels.map(channelLine) : ['No channels yet'];
  const waiting = input.pendingApprovals ? [`${input.pendingApprovals} waiting for approval`] : [];
  const working = input.busySessions ? [`${input.busySessions} agent${input.busySessions === 1 ? '' : 's'} working`] : [];
  return {
    state,
    tooltip: ['Dingbridge', ...summary, ...waiting, ...working].join('\n'),
    menu: [
      { kind: 'open', label: 'Open Dingbridge' },
      { kind: 'separator' },
      ...input.channels.map((channel) => ({
        kind: 'channel' as const,
        name: channel.name,
        label: channelLine(channel),
        running: channel.status === 'running' || channel.status === 'starting',
      })),
      ...(input.channels.length ? [{ kind: 'separator' as const }] : []),
      { kind: 'approvals', label: input.pendingApprovals ? `Approvals waiting: ${input.pendingApprovals}` : 'No approvals waiting', count: input.pendingApprovals },
      { kind: 'startAtLogin', label: 'Start at login', checked: input.startAtLogin },
      { kind: 'separator' },
      { kind: 'quit', label: 'Quit Dingbridge' },
    ],
  };
}
