// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { LogPage } from '../../renderer/src/pages/log/LogPage';
import type { LogEvent } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(cleanup);

const message = (channel: string, n: number, preview = `message ${n}`): LogEvent => ({
  kind: 'message.received',
  id: `${String(n).padStart(9, '0')}-0000`,
  at: 1_790_000_000_000 + n,
  channel,
  conversationId: 'cidTeam==',
  conversationType: 'dm',
  senderStaffId: 'zhangsan',
  nick: '张三',
  msgId: `msg${n}`,
  msgtype: 'text',
  preview,
  mentioned: true,
});

function renderPage(history: LogEvent[], language: Language = 'en') {
  const { api, emit } = stubApi({ 'log.query': () => history });
  render(
    <I18nProvider language={language}>
      <ApiProvider api={api} link="open">
        <LogPage />
      </ApiProvider>
    </I18nProvider>,
  );
  return emit;
}

const refused = (n: number): LogEvent => ({
  kind: 'access.decision',
  id: `${String(n).padStart(9, '0')}-0001`,
  at: 1_790_000_000_000 + n,
  channel: 'team',
  conversationId: 'cidTeam==',
  senderStaffId: 'lisi',
  msgId: `msg${n}`,
  decision: 'dropped',
  reason: 'not on the allowlist (senderPolicy "allowlist")',
  reasonCode: 'not-allowed',
});

const channelOptions = () => within(screen.getByRole('combobox', { name: 'Channel' })).getAllByRole('option').map((option) => option.textContent);
const count = (n: number) => `${n.toLocaleString()} events`;

describe('the live log page', () => {
  it('offers the channels of the 100,000 events it holds, as new events arrive and the oldest make way', async () => {
    const emit = renderPage(Array.from({ length: 100_000 }, (_, n) => message('team', n)));
    expect(await screen.findByText(count(100_000))).toBeTruthy();
    expect(channelOptions()).toEqual(['All channels', 'team']);

    act(() => emit('log.appended', message('ops', 100_000)));
    await waitFor(() => expect(channelOptions()).toEqual(['All channels', 'ops', 'team']));
    expect(screen.getByText(count(100_000))).toBeTruthy();

    act(() => {
      for (let n = 100_001; n <= 200_000; n++) emit('log.appended', message('ops', n));
    });
    await waitFor(() => expect(channelOptions()).toEqual(['All channels', 'ops']));
    expect(screen.getByText(count(100_000))).toBeTruthy();
  });

  it('keeps a search applied to the events that arrive, and drops matches that make way for newer events', async () => {
    const emit = renderPage(Array.from({ length: 100_000 }, (_, n) => message('team', n)));
    expect(await screen.findByText(count(100_000))).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'Hello' } });
    expect(await screen.findByText(count(0))).toBeTruthy();

    act(() => emit('log.appended', message('team', 100_000, 'hello from Zhang San')));
    expect(await screen.findByText('Message: hello from Zhang San')).toBeTruthy();
    expect(screen.getByText(count(1))).toBeTruthy();
    act(() => {
      emit('log.appended', message('team', 100_001));
      emit('log.appended', message('team', 100_002, 'Hello again'));
    });
    expect(await screen.findByText(count(2))).toBeTruthy();

    // Enough newer events that the first match and the one after it make way; the second match stays.
    act(() => {
      for (let n = 100_003; n <= 200_001; n++) emit('log.appended', message('team', n));
    });
    expect(await screen.findByText(count(1))).toBeTruthy();
    expect(screen.getByText('Message: Hello again')).toBeTruthy();
    expect(screen.queryByText('Message: hello from Zhang San')).toBeNull();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: '' } });
    expect(await screen.findByText(count(100_000))).toBeTruthy();
  });

  it('finds a row by the words it shows in the language on screen, as well as by what the event holds', async () => {
    renderPage([message('team', 1), refused(2), message('team', 3)], 'zh-CN');
    const search = await screen.findByRole('searchbox', { name: '搜索' });
    fireEvent.change(search, { target: { value: '白名单' } });
    expect(await screen.findByText('不在白名单中')).toBeTruthy();
    expect(screen.queryByText('消息：message 1')).toBeNull();
    fireEvent.change(search, { target: { value: 'senderPolicy' } });
    expect(await screen.findByText('不在白名单中')).toBeTruthy();
    fireEvent.change(search, { target: { value: '已忽略' } });
    expect(await screen.findByText('不在白名单中')).toBeTruthy();
    expect(screen.queryByText('消息：message 3')).toBeNull();
  });
});
