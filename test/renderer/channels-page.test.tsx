// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import type { ChannelView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(cleanup);

const team = (over: Partial<ChannelView> = {}): ChannelView => ({
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

describe('the channel list', () => {
  it('says how many replies wait for DingTalk, and stops saying it once they are sent', async () => {
    let current = team({ heldReplies: 2 });
    const stub = stubApi({ 'channels.list': () => [current] });
    render(
      <ApiProvider api={stub.api} link="open">
        <ChannelsPage />
      </ApiProvider>,
    );
    expect(await screen.findByText(/^2 replies are waiting for DingTalk to take them/)).toBeTruthy();
    current = team();
    act(() => stub.emit('channel.changed', current));
    await waitFor(() => expect(screen.queryByText(/waiting for DingTalk/)).toBeNull());
    expect(screen.getByRole('heading', { name: 'team' })).toBeTruthy();
  });
});
