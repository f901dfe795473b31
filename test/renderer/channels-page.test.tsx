// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import { stubApi } from './stub-api';
import { teamView as team } from './channel-view';

afterEach(cleanup);

describe('the channel list', () => {
  it('says a channel answers in messages for now because a card could not be made, and which permission to add', async () => {
    const until = new Date(2026, 10, 30, 14, 5).getTime();
    const problem = { code: 'permission' as const, permission: 'Card.Instance.Write', dingtalkCode: 'Forbidden.AccessDenied.AccessTokenPermissionDenied' };
    const stub = stubApi({ 'channels.list': () => [team({ cardsPaused: { until, reason: 'The DingTalk app lacks the permission Card.Instance.Write', problem } })] });
    render(
      <ApiProvider api={stub.api} link="open">
        <ChannelsPage />
      </ApiProvider>,
    );
    const note = await screen.findByText(/^Answering in messages until 14:05: an AI card could not be made\./);
    expect(note.textContent).toContain('lacks the permission Card.Instance.Write');
    expect(note.textContent).toContain('Add it in the developer portal under Permissions');
  });

  it('says how many API calls the DingTalk app made this month, and warns past the count the operator set', async () => {
    let current = team({ apiCalls: { today: 56, thisMonth: 1234 } });
    const stub = stubApi({ 'channels.list': () => [current] });
    render(
      <ApiProvider api={stub.api} link="open">
        <ChannelsPage apiCallWarning={4000} />
      </ApiProvider>,
    );
    const line = await screen.findByText(/^DingTalk API calls this month: 1,234 \(today: 56\)$/);
    expect(line.className).toBe('muted');
    current = team({ apiCalls: { today: 300, thisMonth: 4100 } });
    act(() => stub.emit('channel.changed', current));
    const warning = await screen.findByText(/^DingTalk API calls this month: 4,100 \(today: 300\): at or past the 4,000 you set/);
    expect(warning.className).toBe('warning');
  });

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
