// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { ApprovalsPage } from '../../renderer/src/pages/ApprovalsPage';
import type { RefusedView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(cleanup);

const refusedEntry = (over: Partial<RefusedView> = {}): RefusedView => ({
  channel: 'team',
  staffId: 'wangwu',
  nick: '王五',
  conversationId: 'cidGroup==',
  conversationType: 'group',
  limit: 'conversation',
  firstAt: Date.UTC(2025, 0, 2, 3, 0),
  lastAt: Date.UTC(2025, 0, 2, 3, 4),
  count: 3,
  ...over,
});

function renderPage(refused: RefusedView[], language: Language = 'en') {
  let listed = refused;
  const stub = stubApi({
    'pairing.list': () => ({ pending: [], approved: [], refused: listed }),
    'permissions.list': () => [],
    'permissions.remembered': () => [],
    'log.query': () => [],
    'pairing.clearRefused': (input?: { channel: string; staffId?: string }) => {
      listed = listed.filter((entry) => input?.staffId !== undefined && entry.staffId !== input.staffId);
      return { ok: true };
    },
    'pairing.allow': (input?: { channel: string; staffId: string; nick: string }) => {
      listed = listed.filter((entry) => entry.staffId !== input?.staffId);
      return { channel: input?.channel, staffId: input?.staffId, nick: input?.nick, approvedAt: 1, via: 'app' };
    },
  });
  render(
    <I18nProvider language={language}>
      <ApiProvider api={stub.api} link="open">
        <ApprovalsPage />
      </ApiProvider>
    </I18nProvider>,
  );
  return stub;
}

describe('pairing requests a limit refused', () => {
  it('are listed with who, where, which limit and how often, to let in or clear', async () => {
    const { calls } = renderPage([refusedEntry(), refusedEntry({ staffId: 'zhaoliu', nick: '赵六', conversationType: 'dm', conversationId: 'cidDm==', limit: 'channel', count: 1 })]);
    const table = await screen.findByRole('table', { name: 'Refused requests' });
    expect(screen.getByText(/at most 20 wait for a bot, 3 from one group/)).toBeTruthy();
    const wang = within(table).getByText(/王五/).closest('tr') as HTMLElement;
    expect(wang.textContent).toContain('Too many waiting from this group');
    expect(wang.textContent).toContain('3 messages');
    const zhao = within(table).getByText(/赵六/).closest('tr') as HTMLElement;
    expect(zhao.textContent).toContain('Too many waiting for this bot');

    await act(async () => fireEvent.click(within(wang).getByRole('button', { name: 'Let in' })));
    await waitFor(() => expect(within(table).queryByText(/王五/)).toBeNull());
    expect(calls.find((call) => call.name === 'pairing.allow')?.input).toEqual({ channel: 'team', staffId: 'wangwu', nick: '王五' });

    await act(async () => fireEvent.click(within(zhao).getByRole('button', { name: 'Clear' })));
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Refused requests' })).toBeNull());
    expect(calls.find((call) => call.name === 'pairing.clearRefused')?.input).toEqual({ channel: 'team', staffId: 'zhaoliu' });
  });

  it('are cleared all at once, per channel, and say the same in Chinese', async () => {
    const { calls } = renderPage([refusedEntry(), refusedEntry({ channel: 'ops', staffId: 'zhaoliu', nick: '赵六', limit: 'channel' })], 'zh-CN');
    const table = await screen.findByRole('table', { name: '被拒绝的请求' });
    expect(within(table).getByText('该群等待中的请求太多')).toBeTruthy();
    expect(within(table).getByText('该机器人等待中的请求太多')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '全部清除' })));
    expect(calls.filter((call) => call.name === 'pairing.clearRefused').map((call) => call.input)).toEqual([{ channel: 'team' }, { channel: 'ops' }]);
  });

  it('take no room while there are none', async () => {
    renderPage([]);
    await screen.findByText('No one is waiting for approval.');
    expect(screen.queryByText('Refused requests')).toBeNull();
  });
});
