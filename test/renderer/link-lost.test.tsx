// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import type { Language } from '../../renderer/src/i18n/i18n';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import { LogPage } from '../../renderer/src/pages/log/LogPage';
import { SessionsPage } from '../../renderer/src/pages/SessionsPage';
import { ApprovalsPage } from '../../renderer/src/pages/ApprovalsPage';
import { ContractError } from '../../electron/contract/errors';
import type { LinkStatus } from '../../renderer/src/api';
import type { ChannelView, LogEvent, PermissionView, SessionView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';
import { appTree } from './app-tree';
import { teamView } from './channel-view';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const team = (over: Partial<ChannelView> = {}): ChannelView => teamView({ agent: { status: 'ready', agent: 'Qwen Code' }, ...over });

const message = (n: number): LogEvent => ({
  kind: 'message.received',
  id: `${String(n).padStart(9, '0')}-0000`,
  at: 1_790_000_000_000 + n,
  channel: 'team',
  conversationId: 'cidTeam==',
  conversationType: 'dm',
  senderStaffId: 'zhangsan',
  nick: '张三',
  msgId: `msg${n}`,
  msgtype: 'text',
  preview: `message ${n}`,
  mentioned: true,
});

/** What the WebSocket link answers for a request it could not finish because the daemon went away. */
const cutOff = () => {
  throw new ContractError({ code: 'disconnected', message: 'The connection to Dingbridge closed before it answered.' });
};

/** Renders `page` over a link the test moves between open and closed, as ws-link reports it. */
function withLink(api: ReturnType<typeof stubApi>['api'], page: ReactNode, start: LinkStatus = 'open', language: Language = 'en') {
  const tree = (link: LinkStatus) => appTree(api, page, { language, link });
  const { rerender } = render(tree(start));
  return (...steps: LinkStatus[]) => steps.forEach((link) => rerender(tree(link)));
}

const count = (calls: Array<{ name: string }>, name: string) => calls.filter((call) => call.name === name).length;

describe('the window when the daemon goes away', () => {
  it('shows every channel as unknown with its buttons off, and brings back the real state when the link returns', async () => {
    let reachable = true;
    let current = team({ heldReplies: 1 });
    const stub = stubApi({ 'channels.list': () => (reachable ? [current] : cutOff()) });
    const link = withLink(stub.api, <ChannelsPage />);
    const card = await screen.findByRole('listitem', { name: 'team' });
    expect(within(card).getByText('Connected')).toBeTruthy();
    expect(within(card).getByText('Qwen Code ready')).toBeTruthy();

    reachable = false;
    act(() => link('closed'));
    expect(within(card).queryByText('Connected')).toBeNull();
    expect(within(card).queryByText('Qwen Code ready')).toBeNull();
    expect(within(card).queryByText(/waiting for DingTalk/)).toBeNull();
    expect(within(card).getByText('Unknown')).toBeTruthy();
    expect(within(card).getByText('Not connected to Dingbridge')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/^Not connected to Dingbridge: this page shows what it knew before/);
    for (const name of ['Stop', 'Edit', 'Remove']) {
      const button = within(card).getByRole('button', { name }) as HTMLButtonElement;
      expect(button.disabled).toBe(true);
      expect(button.title).toBe('Not available while the window is not connected to Dingbridge');
    }
    // Retries say 'connecting' and fail again: the cards stay unknown all along.
    act(() => link('connecting', 'closed', 'connecting'));
    expect(within(card).getByText('Unknown')).toBeTruthy();

    // The channel stopped while the window could not hear it: only a fresh query can tell.
    const before = count(stub.calls, 'channels.list');
    reachable = true;
    current = team({ status: 'stopped', connection: { status: 'stopped' } });
    act(() => link('open'));
    await waitFor(() => expect(count(stub.calls, 'channels.list')).toBe(before + 1));
    expect(await within(card).findByText('Stopped')).toBeTruthy();
    expect(within(card).queryByText('Unknown')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
    expect((within(card).getByRole('button', { name: 'Start' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('does not re-query on the first connection, only when the link comes back after failing', async () => {
    const stub = stubApi({ 'channels.list': () => [team()] });
    const link = withLink(stub.api, <ChannelsPage />, 'connecting');
    await screen.findByRole('listitem', { name: 'team' });
    act(() => link('open'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(count(stub.calls, 'channels.list')).toBe(1);
  });

  it('says the live log is disconnected instead of counting events, and reads what it missed when the link returns', async () => {
    let history = [message(1), message(2), message(3)];
    let reachable = true;
    const stub = stubApi({ 'log.query': () => (reachable ? history : cutOff()) });
    const link = withLink(stub.api, <LogPage />);
    expect(await screen.findByText('3 events')).toBeTruthy();

    reachable = false;
    act(() => link('closed'));
    expect(screen.queryByText('3 events')).toBeNull();
    expect(screen.getByText('Disconnected from Dingbridge: 3 events from before; new ones appear when it reconnects')).toBeTruthy();

    reachable = true;
    history = [...history, message(4), message(5)];
    act(() => link('connecting', 'open'));
    expect(await screen.findByText('5 events')).toBeTruthy();
    expect(screen.getByText('Message: message 5')).toBeTruthy();
    expect(screen.queryByText(/Disconnected/)).toBeNull();
  });

  it('says the log is disconnected, not "0 events", when the window opens while the daemon is away, in Chinese too', async () => {
    const stub = stubApi({ 'log.query': cutOff });
    withLink(stub.api, <LogPage />, 'closed', 'zh-CN');
    expect(await screen.findByText('与 Dingbridge 的连接已断开：重新连接后才会显示事件')).toBeTruthy();
    expect(screen.queryByText('0 条事件')).toBeNull();
    expect(screen.queryByText(/^Nothing yet/)).toBeNull();
  });

  it('offers no session or approval action that would fail, and says why', async () => {
    const session: SessionView = {
      channel: 'team',
      key: 'dm:zhangsan',
      conversationId: 'cidTeam==',
      conversationType: 'dm',
      senderId: 'zhangsan',
      senderNick: '张三',
      busy: true,
      runningSince: Date.now() - 5_000,
      queued: 0,
    } as SessionView;
    const ask: PermissionView = {
      id: 'p1',
      channel: 'team',
      sessionKey: 'dm:zhangsan',
      sessionId: 's1',
      conversationId: 'cidTeam==',
      title: 'npm test',
      createdAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    };
    const stub = stubApi({
      'sessions.list': () => [session],
      'pairing.list': () => ({ pending: [], approved: [] }),
      'permissions.list': () => [ask],
      'permissions.remembered': () => [],
      'log.query': () => [],
    });
    const link = withLink(
      stub.api,
      <>
        <SessionsPage />
        <ApprovalsPage />
      </>,
    );
    expect(await screen.findByText('Working')).toBeTruthy();
    const allow = await screen.findByRole('button', { name: 'Allow once' });
    expect((allow as HTMLButtonElement).disabled).toBe(false);

    act(() => link('closed'));
    expect(screen.queryByText('Working')).toBeNull();
    for (const name of ['Cancel', 'Clear', 'Allow once', 'Always', 'Deny']) {
      const button = screen.getByRole('button', { name }) as HTMLButtonElement;
      expect(button.disabled, name).toBe(true);
      expect(button.title).toBe('Not available while the window is not connected to Dingbridge');
    }
    expect(screen.getAllByRole('status').map((status) => status.textContent)).toHaveLength(2);
  });

  it('tells in the sidebar that it lost Dingbridge, drops the waiting count, and fetches it again on return', async () => {
    let waiting = 2;
    const stub = stubApi({
      'settings.get': () => ({ language: 'en', theme: 'light', startAtLogin: false, dataDir: '/data' }),
      'app.status': () => ({ secretStorage: 'file', logWrite: { ok: true }, mode: 'headless', version: '0.1.0' }),
      'pairing.list': () => ({ pending: [], approved: [] }),
      'permissions.list': () => Array.from({ length: waiting }, (_, n) => ({ id: `p${n}`, channel: 'team', title: 'npm test', createdAt: 0, expiresAt: 1 })),
      'channels.list': () => [team()],
    });
    const link = withLink(stub.api, <App />);
    const nav = screen.getByRole('navigation');
    expect(await within(nav).findByLabelText('2')).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('(2) Dingbridge'));

    act(() => link('closed'));
    expect(within(nav).getByRole('status').textContent).toMatch(/Lost the connection to Dingbridge\. Reconnecting…/);
    expect(within(nav).getByRole('status').textContent).toMatch(/run “dingbridge link” where Dingbridge runs/);
    expect(within(nav).queryByLabelText('2')).toBeNull();
    expect(document.title).toBe('Dingbridge');
    act(() => link('connecting'));
    expect(within(nav).getByRole('status').textContent).toMatch(/Lost the connection/);

    waiting = 1;
    const settingsBefore = count(stub.calls, 'settings.get');
    act(() => link('open'));
    expect(await within(nav).findByLabelText('1')).toBeTruthy();
    expect(within(nav).queryByRole('status')).toBeNull();
    await waitFor(() => expect(count(stub.calls, 'settings.get')).toBe(settingsBefore + 1));
  });
});
