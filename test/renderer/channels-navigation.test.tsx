// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import type { ChannelView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';
import { teamView } from './channel-view';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.location.hash = '';
});

const team = (over: Partial<ChannelView> = {}): ChannelView =>
  teamView({
    settings: { dingtalk: { clientId: 'dingabc', clientSecret: { hasSecret: true, last4: 'wxyz' } }, agent: { preset: 'qwen' }, cwd: '/srv/projects/app' },
    ...over,
  });

const agents = [{ preset: 'qwen', label: 'Qwen Code', command: 'qwen', installed: true, state: 'usable', version: '1.0.0' }];

function handlers(channels: () => ChannelView[]) {
  return {
    'settings.get': () => ({ language: 'en', theme: 'light', startAtLogin: false, dataDir: '/data' }),
    'app.status': () => ({ secretStorage: 'file', logWrite: { ok: true }, mode: 'headless', version: '0.1.0' }),
    'pairing.list': () => ({ pending: [], approved: [] }),
    'permissions.list': () => [],
    'channels.list': channels,
    'channels.get': () => team(),
    'agents.detect': () => agents,
    'log.query': () => [],
  } as const;
}

function renderApp() {
  const stub = stubApi(handlers(() => [team()]));
  render(
    <ApiProvider api={stub.api} link="open">
      <App />
    </ApiProvider>,
  );
  return stub;
}

function renderPage(channels: () => ChannelView[] = () => [team()], extra: Parameters<typeof stubApi>[0] = {}) {
  const stub = stubApi({ ...handlers(channels), ...extra });
  render(
    <ApiProvider api={stub.api} link="open">
      <ChannelsPage />
    </ApiProvider>,
  );
  return stub;
}

const sidebar = (name: string) => within(screen.getByRole('navigation')).getByRole('link', { name });
const openEdit = async () => {
  fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
  return screen.findByRole('form', { name: 'Edit team' });
};
/** Lets the address's own events (happy-dom sends them a tick later) arrive. */
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
const escape = () => fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });

describe('leaving the channel form and import', () => {
  it('goes back to the list when the sidebar’s Channels entry is pressed while Edit or Import is open', async () => {
    renderApp();
    await openEdit();
    fireEvent.click(sidebar('Channels'));
    expect(await screen.findByRole('heading', { name: 'Channels', level: 1 })).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Edit team' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Import settings' }));
    expect(await screen.findByRole('heading', { name: 'Import settings' })).toBeTruthy();
    fireEvent.click(sidebar('Channels'));
    expect(await screen.findByRole('heading', { name: 'Channels', level: 1 })).toBeTruthy();
  });

  it('asks before the sidebar discards unsaved edits, and keeps them when told to', async () => {
    renderApp();
    await openEdit();
    fireEvent.change(screen.getByLabelText('Working folder'), { target: { value: '/srv/other' } });
    fireEvent.click(sidebar('Live log'));
    const dialog = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect((screen.getByLabelText('Working folder') as HTMLInputElement).value).toBe('/srv/other');

    fireEvent.click(sidebar('Live log'));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Discard' }));
    expect(await screen.findByRole('heading', { name: 'Live log' })).toBeTruthy();
  });

  it('asks before back discards unsaved edits, keeps the form and its address when told to, and goes back on Discard', async () => {
    renderApp();
    fireEvent.click(sidebar('Live log'));
    await screen.findByRole('heading', { name: 'Live log' });
    fireEvent.click(sidebar('Channels'));
    await openEdit();
    fireEvent.change(screen.getByLabelText('Working folder'), { target: { value: '/srv/other' } });

    act(() => window.history.back());
    const dialog = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    await waitFor(() => expect(window.location.hash).toBe('#/channels'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect((screen.getByLabelText('Working folder') as HTMLInputElement).value).toBe('/srv/other');
    await settle();
    expect(screen.getByRole('form', { name: 'Edit team' })).toBeTruthy();

    // Stepped back onto the form, the browser still has the log behind it: back asks again, and Discard goes there.
    act(() => window.history.back());
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Discard' }));
    expect(await screen.findByRole('heading', { name: 'Live log' })).toBeTruthy();
    expect(window.location.hash).toBe('#/log');

    // Nothing unsaved any more: forward goes straight to the channels.
    act(() => window.history.forward());
    expect(await screen.findByRole('heading', { name: 'Channels', level: 1 })).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('asks before forward discards unsaved edits', async () => {
    renderApp();
    fireEvent.click(sidebar('Live log'));
    await screen.findByRole('heading', { name: 'Live log' });
    act(() => window.history.back());
    await openEdit();
    fireEvent.change(screen.getByLabelText('Working folder'), { target: { value: '/srv/other' } });

    act(() => window.history.forward());
    const dialog = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    await settle();
    expect(window.location.hash).not.toBe('#/log');
    expect((screen.getByLabelText('Working folder') as HTMLInputElement).value).toBe('/srv/other');

    act(() => window.history.forward());
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Discard' }));
    expect(await screen.findByRole('heading', { name: 'Live log' })).toBeTruthy();
    expect(window.location.hash).toBe('#/log');
  });

  it('asks before the tray’s “open Approvals” discards unsaved edits, and goes straight there when nothing would be lost', async () => {
    const stub = renderApp();
    await openEdit();
    fireEvent.change(screen.getByLabelText('Working folder'), { target: { value: '/srv/other' } });

    act(() => stub.emit('app.navigate', { page: 'approvals' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    await settle();
    expect((screen.getByLabelText('Working folder') as HTMLInputElement).value).toBe('/srv/other');
    expect(window.location.hash).not.toBe('#/approvals');

    act(() => stub.emit('app.navigate', { page: 'approvals' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Discard' }));
    expect(await screen.findByRole('heading', { name: 'Approvals', level: 1 })).toBeTruthy();
    expect(window.location.hash).toBe('#/approvals');

    act(() => stub.emit('app.navigate', { page: 'channels' }));
    expect(await screen.findByRole('heading', { name: 'Channels', level: 1 })).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('closes Edit and Import with Escape, straight away when nothing was changed', async () => {
    renderPage();
    await openEdit();
    escape();
    expect(await screen.findByRole('heading', { name: 'Channels', level: 1 })).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Import settings' }));
    await screen.findByRole('heading', { name: 'Import settings' });
    escape();
    expect(await screen.findByRole('heading', { name: 'Channels', level: 1 })).toBeTruthy();
  });

  it('asks before Escape discards edits; Escape in the question keeps editing', async () => {
    renderPage();
    await openEdit();
    const folder = screen.getByLabelText('Working folder') as HTMLInputElement;
    fireEvent.change(folder, { target: { value: '/srv/other' } });
    escape();
    const dialog = await screen.findByRole('alertdialog', { name: 'Discard your changes?' });
    expect(within(dialog).getByText('The changes to this channel are not saved yet.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep editing' }));

    escape();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('form', { name: 'Edit team' })).toBeTruthy();

    // Typed back to what it was: nothing would be lost, so nothing is asked.
    fireEvent.change(folder, { target: { value: '/srv/projects/app' } });
    escape();
    expect(await screen.findByRole('heading', { name: 'Channels', level: 1 })).toBeTruthy();
  });

  it('does not close the form on an Escape that ends a Chinese input method’s composition', async () => {
    renderPage();
    await openEdit();
    fireEvent.keyDown(screen.getByLabelText('Channel name'), { key: 'Escape', isComposing: true });
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(screen.getByRole('form', { name: 'Edit team' })).toBeTruthy();
  });
});

describe('removing a channel', () => {
  it('asks in the window, naming the channel, and removes it only once confirmed', async () => {
    // happy-dom has no window.confirm; the page must not reach for it either way.
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    let channels = [team(), team({ name: 'ops' })];
    const stub = renderPage(() => channels, {
      'channels.remove': (input?: never) => {
        const { name } = input as unknown as { name: string };
        channels = channels.filter((channel) => channel.name !== name);
        return { removed: true };
      },
    });
    const card = await screen.findByRole('listitem', { name: 'team' });
    const removeButton = within(card).getByRole('button', { name: 'Remove' });
    removeButton.focus();
    fireEvent.click(removeButton);
    let dialog = await screen.findByRole('alertdialog', { name: 'Remove the channel "team"?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByText('Its settings and stored AppSecret are deleted, and so are the people approved for it, its sessions and the files people sent it; its log stays.')).toBeTruthy();
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);

    // Tab goes round inside the dialog rather than out to the page behind it.
    const confirmButton = within(dialog).getByRole('button', { name: 'Remove' });
    confirmButton.focus();
    fireEvent.keyDown(confirmButton, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirmButton);

    escape();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(removeButton);
    fireEvent.click(removeButton);
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    expect(stub.calls.filter((call) => call.name === 'channels.remove')).toEqual([]);
    expect(screen.getByRole('listitem', { name: 'team' })).toBeTruthy();

    fireEvent.click(removeButton);
    dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'team' })).toBeNull());
    expect(stub.calls.filter((call) => call.name === 'channels.remove').map((call) => call.input)).toEqual([{ name: 'team' }]);
    expect(screen.getByRole('listitem', { name: 'ops' })).toBeTruthy();
    expect(confirm).not.toHaveBeenCalled();
  });
});
