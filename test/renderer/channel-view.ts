import type { ChannelView } from '../../renderer/src/view-types';

/** A running DingTalk channel called "team", as `channels.list` shows it; tests change what they are about. */
export const teamView = (over: Partial<ChannelView> = {}): ChannelView => ({
  name: 'team',
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'idle' },
  type: 'dingtalk',
  cwd: '/srv/projects/app',
  preset: 'qwen',
  ...over,
});
