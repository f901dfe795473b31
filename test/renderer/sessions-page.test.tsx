// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider } from '../../renderer/src/i18n/i18n';
import { SessionsPage } from '../../renderer/src/pages/SessionsPage';
import type { SessionView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const session: SessionView = {
  channel: 'team',
  key: 'dm:zhangsan',
  conversationId: 'cidTeam==',
  conversationType: 'dm',
  senderId: 'zhangsan',
  senderNick: '张三',
  busy: false,
  queued: 0,
} as SessionView;

describe('clearing a session', () => {
  it('asks in the window, not with window.confirm, and clears only once confirmed', async () => {
    // happy-dom has window.confirm only when a test lends one; the page must not reach for it either way.
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    let sessions = [session];
    const stub = stubApi({
      'sessions.list': () => sessions,
      'sessions.clear': () => {
        sessions = [];
        return { ok: true };
      },
    });
    render(
      <I18nProvider language="en">
        <ApiProvider api={stub.api} link="open">
          <SessionsPage />
        </ApiProvider>
      </I18nProvider>,
    );
    const clear = await screen.findByRole('button', { name: 'Clear' });
    clear.focus();
    fireEvent.click(clear);
    let dialog = await screen.findByRole('alertdialog', { name: 'Forget this conversation?' });
    expect(within(dialog).getByText('The agent’s session for it ends; the next message starts a fresh one.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(clear);
    expect(stub.calls.filter((call) => call.name === 'sessions.clear')).toEqual([]);

    fireEvent.click(clear);
    dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(screen.getByText('No agent sessions yet.')).toBeTruthy());
    expect(stub.calls.filter((call) => call.name === 'sessions.clear').map((call) => call.input)).toEqual([{ channel: 'team', key: 'dm:zhangsan' }]);
    expect(confirm).not.toHaveBeenCalled();
  });
});
