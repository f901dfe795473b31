// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LogPage } from '../../renderer/src/pages/log/LogPage';
import type { ChannelView, LogEvent } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';
import { appTree } from './app-tree';
import { teamView } from './channel-view';

afterEach(cleanup);

/** A message in the group "cidNew==", and the engine dropping it because the group is not allowed. */
const refusedInGroup = (): LogEvent[] => [
  {
    kind: 'message.received',
    id: '000000001-0000',
    at: 1_790_000_000_000,
    channel: 'team',
    conversationId: 'cidNew==',
    conversationType: 'group',
    conversationTitle: 'Release crew',
    senderStaffId: 'zhangsan',
    nick: '张三',
    msgId: 'msg1',
    msgtype: 'text',
    preview: 'can the bot help here?',
    mentioned: true,
  },
  {
    kind: 'access.decision',
    id: '000000001-0001',
    at: 1_790_000_000_400,
    channel: 'team',
    conversationId: 'cidNew==',
    conversationType: 'group',
    senderStaffId: 'zhangsan',
    msgId: 'msg1',
    decision: 'dropped',
    reason: 'this group is not on the bot’s group allowlist (groupPolicy "allowlist")',
    reasonCode: 'group-not-allowed',
  } as LogEvent,
];

/** The channel as `channels.get` shows it: its AppSecret only as whether one is saved. */
const channelWith = (settings: Record<string, unknown>): ChannelView =>
  teamView({
    settings: {
      senderPolicy: 'allowlist',
      allowFrom: ['zhangsan'],
      cwd: '/srv/projects/app',
      agent: { preset: 'qwen', env: { DASHSCOPE_API_KEY: { hasSecret: true } } },
      groups: { 'cidOld==': { requireMention: false } },
      dingtalk: { clientId: 'dingabc123', clientSecret: { hasSecret: true, last4: 'x9Zq' }, robotCode: 'dingabc123', tables: 'code' },
      ...settings,
    } as ChannelView['settings'],
  });

async function allowTheGroup(channel: ChannelView) {
  const stub = stubApi({
    'log.query': () => refusedInGroup(),
    'channels.get': () => channel,
    'channels.save': () => channel,
  });
  render(appTree(stub.api, <LogPage />));
  const row = (await screen.findByText('Message: can the bot help here?')).closest('[role="row"]') as HTMLElement;
  expect(within(row).getByText(/This group is not on the bot’s group allowlist/)).toBeTruthy();
  fireEvent.click(within(row).getByRole('button', { name: 'Actions' }));
  await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Allow this group' })));
  expect((await screen.findByRole('status')).textContent).toBe('Allowed.');
  expect(stub.calls.filter((call) => call.name === 'channels.get')).toEqual([{ name: 'channels.get', input: { name: 'team' } }]);
  return stub.calls.filter((call) => call.name === 'channels.save').map((call) => call.input);
}

describe('allowing a refused group from the live log', () => {
  // An open group policy stays open; any other becomes the allowlist the group joins.
  it.each([
    ['disabled', 'allowlist'],
    ['open', 'open'],
  ])('with groups %s, adds the group to follow groups["*"], keeping the saved AppSecret and every other setting; groups are then %s', async (before, after) => {
    const saved = await allowTheGroup(channelWith({ groupPolicy: before }));
    expect(saved).toStrictEqual([
      {
        name: 'team',
        settings: {
          senderPolicy: 'allowlist',
          allowFrom: ['zhangsan'],
          cwd: '/srv/projects/app',
          agent: { preset: 'qwen', env: { DASHSCOPE_API_KEY: { hasSecret: true } } },
          // No clientSecret: sending the view back would be wrong; left out, the saved one is kept.
          dingtalk: { clientId: 'dingabc123', robotCode: 'dingabc123', tables: 'code' },
          groups: { 'cidOld==': { requireMention: false }, 'cidNew==': {} },
          groupPolicy: after,
        },
      },
    ]);
  });

  it('keeps the settings of a group listed already, which a disabled group policy refused', async () => {
    const listed = { 'cidNew==': { requireMention: false, dispatchMode: 'collect' } };
    const saved = await allowTheGroup(channelWith({ groupPolicy: 'disabled', groups: listed }));
    expect(saved).toMatchObject([{ settings: { groups: listed, groupPolicy: 'allowlist' } }]);
  });
});
