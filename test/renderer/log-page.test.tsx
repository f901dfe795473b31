// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Language } from '../../renderer/src/i18n/i18n';
import { LogPage } from '../../renderer/src/pages/log/LogPage';
import type { LogEvent } from '../../renderer/src/view-types';
import { withContextOnce } from '../../electron/core/events/context-once';
import { stubApi } from './stub-api';
import { appTree } from './app-tree';

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
  render(appTree(api, <LogPage />, { language }));
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

const step = (n: number, sub: number, event: Record<string, unknown>): LogEvent =>
  ({ id: `${String(n).padStart(9, '0')}-000${sub}`, at: 1_790_000_000_000 + n + sub * 400, channel: 'team', conversationId: 'cidTeam==', conversationType: 'dm', senderStaffId: 'zhangsan', nick: '张三', ...event }) as LogEvent;

/** A message that was answered, and one whose agent failed, each with its whole story. */
const stories = (): LogEvent[] => [
  message('team', 1, 'what does the build say?'),
  step(1, 1, { kind: 'access.decision', msgId: 'msg1', decision: 'admitted', reason: 'on the allowlist', reasonCode: 'allowed-user' }),
  step(1, 2, { kind: 'agent.turn.started', msgIds: ['msg1'], sessionKey: 'team:cidTeam==' }),
  step(1, 3, { kind: 'agent.tool', msgIds: ['msg1'], sessionKey: 'team:cidTeam==', line: '🔧 Shell: npm test' }),
  step(1, 4, { kind: 'reply.sent', msgId: 'msg1', replyKind: 'answer', path: 'webhook', chunks: 1, text: 'All 12 tests pass.\nNothing to fix.' }),
  message('team', 10, 'deploy it'),
  step(10, 1, { kind: 'access.decision', msgId: 'msg10', decision: 'admitted', reason: 'on the allowlist', reasonCode: 'allowed-user' }),
  step(10, 2, { kind: 'error', msgId: 'msg10', message: 'Qwen Code exited with code 3 before it could answer.\nThe agent’s last output:\n  out of memory', ref: 'E-7KQ2ZD' }),
  step(10, 3, { kind: 'reply.sent', msgId: 'msg10', replyKind: 'error', path: 'webhook', chunks: 1, text: 'Sorry (ref E-7KQ2ZD)' }),
];

describe('the live log tells each message’s story', () => {
  it('shows one row per message with where it stands, opened to its steps and what was sent', async () => {
    renderPage(stories());
    expect(await screen.findByText('Message: what does the build say?')).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.getByText('Answered in 1.6 s')).toBeTruthy();
    expect(screen.getByText('Failed · E-7KQ2ZD')).toBeTruthy();
    expect(screen.queryByText('🔧 Shell: npm test')).toBeNull();

    const answered = screen.getAllByRole('row')[0] as HTMLElement;
    fireEvent.click(within(answered).getByRole('button', { name: 'Show what happened' }));
    expect(await screen.findByText('🔧 Shell: npm test')).toBeTruthy();
    expect(screen.getByText('Agent started working')).toBeTruthy();
    expect(screen.getByText('Reply sent via webhook')).toBeTruthy();
    expect(screen.getByText(/All 12 tests pass\.\s+Nothing to fix\./)).toBeTruthy();
    expect(within(answered).getByRole('button', { name: 'Hide what happened' }).getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(within(answered).getByRole('button', { name: 'Hide what happened' }));
    await waitFor(() => expect(screen.queryByText('🔧 Shell: npm test')).toBeNull());
  });

  it('shows a failure’s whole error text, reference first, without hovering', async () => {
    renderPage(stories());
    const failed = (await screen.findByText('Message: deploy it')).closest('[role="row"]') as HTMLElement;
    fireEvent.click(within(failed).getByRole('button', { name: 'Show what happened' }));
    const detail = (await screen.findAllByText(/out of memory/)).find((element) => element.tagName === 'P') as HTMLElement;
    expect(detail.textContent).toBe('E-7KQ2ZD\nQwen Code exited with code 3 before it could answer.\nThe agent’s last output:\n  out of memory');
    expect(detail.closest('[title]')).toBeNull();
  });

  it('finds a whole story by its conversation, and words where it stands in Chinese', async () => {
    const events = stories();
    const other: LogEvent = { ...message('team', 20, 'elsewhere'), conversationId: 'cidOther==' } as LogEvent;
    renderPage([...events, other], 'zh-CN');
    expect(await screen.findByText('已回复，用时 1.6 秒')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'conversationId' }), { target: { value: 'cidTeam==' } });
    expect(await screen.findByText(`${events.length} 条事件`)).toBeTruthy();
    expect(screen.queryByText('消息：elsewhere')).toBeNull();
    expect(screen.getByText('失败 · E-7KQ2ZD')).toBeTruthy();
  });

  it('keeps a story whole under a conversation, sender and kind filter when its steps come without their context', async () => {
    const lean = withContextOnce(stories());
    expect(lean.find((event) => event.kind === 'agent.tool')).not.toHaveProperty('conversationId');
    renderPage(lean);
    expect(await screen.findByText('Message: what does the build say?')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'conversationId' }), { target: { value: 'cidTeam==' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'staffId' }), { target: { value: 'zhangsan' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Everything' }), { target: { value: 'agent' } });
    await waitFor(() => expect(screen.queryByText('Message: deploy it')).toBeNull());
    expect(screen.getByText('Message: what does the build say?')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'staffId' }), { target: { value: 'lisi' } });
    await waitFor(() => expect(screen.queryByText('Message: what does the build say?')).toBeNull());
  });

  it('shows the newest events first while the rest of the history is still coming, then all of it', async () => {
    let release: () => void = () => undefined;
    const rest = new Promise<void>((resolve) => (release = resolve));
    const history = Array.from({ length: 3_000 }, (_, n) => message('team', n + 1));
    const { api } = stubApi({ 'log.query': async (query?: { limit: number }) => ((query?.limit ?? 0) < history.length ? history.slice(-(query?.limit ?? 0)) : (await rest, history)) });
    render(appTree(api, <LogPage />));
    expect(await screen.findByText('2,000 events · loading earlier events…')).toBeTruthy();
    release();
    expect(await screen.findByText('3,000 events')).toBeTruthy();
  });
});

