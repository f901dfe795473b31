// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { ChannelForm } from '../../renderer/src/pages/channels/ChannelForm';
import { fromSettings, toSettings, emptyForm } from '../../renderer/src/pages/channels/form-state';
import { ContractError } from '../../electron/contract/errors';
import { ChannelConfigSchema } from '../../electron/core/config/channel-schema';
import { simulatorChannelSettings } from '../../electron/core/config/defaults';
import type { ChannelView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(cleanup);

const agents = [{ preset: 'qwen', label: 'Qwen Code', command: 'qwen', installed: false, state: 'not-installed', install: 'npm install -g @qwen-code/qwen-code' }];

function renderForm(handlers: Parameters<typeof stubApi>[0], props: Partial<Parameters<typeof ChannelForm>[0]> = {}) {
  const stub = stubApi({ 'agents.detect': () => agents, ...handlers });
  const onDone = vi.fn();
  render(
    <ApiProvider api={stub.api} link="open">
      <ChannelForm onDone={onDone} {...props} />
    </ApiProvider>,
  );
  return { ...stub, onDone };
}

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

const view = (name: string, settings: Record<string, unknown>, over: Partial<ChannelView> = {}): ChannelView => ({
  name,
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'idle' },
  settings: { ...settings, clientSecret: { hasSecret: false } },
  ...over,
});

/** The channel "Try it now" makes, as channels.get shows it to the form. */
const simulator = () => view('simulator', { ...simulatorChannelSettings('demo'), agent: { preset: 'demo', authMethod: 'none-needed', env: { DEMO: '1' } }, tables: 'code' }, { type: 'simulator' });

describe('the channel form', () => {
  it('checks fields with the engine’s schema and shows the reason under each, without saving', async () => {
    const { calls } = renderForm({});
    type('AppKey (Client ID)', '   ');
    fireEvent.blur(screen.getByLabelText('AppKey (Client ID)'));
    expect(await screen.findByText(/is required: the AppKey|must not be empty/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Fix the marked fields, then save again.')).toBeTruthy();
    expect(calls.filter((call) => call.name === 'channels.save')).toEqual([]);
  });

  it('starts a new channel with the demo agent when no agent here can answer, and says how to install a missing one', async () => {
    renderForm({});
    await waitFor(() => expect((screen.getByLabelText('Agent') as HTMLSelectElement).value).toBe('demo'));
    type('Agent', 'qwen');
    expect(await screen.findByText('Not installed on this computer. Install it with: npm install -g @qwen-code/qwen-code')).toBeTruthy();
  });

  it('saves what was typed, and shows the engine’s field problems when it refuses', async () => {
    const { calls, onDone } = renderForm({
      'channels.save': (input?: { name: string }) => {
        if (input?.name === 'refused') {
          throw new ContractError({ code: 'invalid_input', message: 'There is a problem with the settings', problems: [{ path: 'cwd', message: 'that folder cannot be used' }] });
        }
        return { name: input?.name };
      },
    });
    type('Channel name', 'refused');
    type('AppKey (Client ID)', 'dingabc');
    type('AppSecret (Client Secret)', 'secret-value');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(await screen.findByText('that folder cannot be used')).toBeTruthy();
    type('Channel name', 'team');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('team'));
    const saved = calls.filter((call) => call.name === 'channels.save').at(-1)?.input as { settings: Record<string, unknown> };
    expect(saved.settings).toMatchObject({ clientId: 'dingabc', clientSecret: 'secret-value', senderPolicy: 'pairing', agent: { preset: 'demo' } });
  });

  it('tests the connection and shows DingTalk’s answer', async () => {
    renderForm({
      'channels.test': () => ({ ok: false, steps: [{ step: 'credentials', ok: false, message: 'DingTalk rejected the AppKey/AppSecret (DingTalk: invalidClientIdOrSecret: 无效的clientId或者clientSecret).' }] }),
    });
    type('AppKey (Client ID)', 'dingabc');
    type('AppSecret (Client Secret)', 'wrong');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Test connection' })));
    expect(await screen.findByText(/无效的clientId或者clientSecret/)).toBeTruthy();
  });

  it('shows a simulator only what applies to it, and saves it as a simulator with the settings it has no field for', async () => {
    const { calls, onDone } = renderForm({ 'channels.save': (input?: { name: string }) => ({ name: input?.name }) }, { existing: simulator() });
    expect(screen.getByText(/needs no AppKey or AppSecret/)).toBeTruthy();
    for (const label of ['AppKey (Client ID)', 'AppSecret (Client Secret)', 'Robot code', 'API address', 'Legacy API address']) expect(screen.queryByLabelText(label)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Test connection' })).toBeNull();

    fireEvent.click(screen.getByLabelText('Only the people on the list below'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('simulator'));
    const saved = calls.find((call) => call.name === 'channels.save')?.input as { name: string; previousName: string; settings: Record<string, unknown> };
    expect(saved).toMatchObject({ name: 'simulator', previousName: 'simulator' });
    expect(saved.settings).toMatchObject({ type: 'simulator', senderPolicy: 'allowlist', allowedUsers: ['zhangsan'], tables: 'code', agent: { preset: 'demo', authMethod: 'none-needed', env: { DEMO: '1' } } });
    for (const key of ['clientId', 'clientSecret', 'robotCode', 'endpoints']) expect(saved.settings).not.toHaveProperty(key);
    expect(ChannelConfigSchema.safeParse(saved.settings).success).toBe(true);
  });

  it('still asks a DingTalk channel for its AppKey and AppSecret', async () => {
    const { calls } = renderForm({}, { existing: view('team', { senderPolicy: 'pairing' }) });
    expect(screen.getByLabelText('AppKey (Client ID)')).toBeTruthy();
    expect(screen.getByLabelText('AppSecret (Client Secret)')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(await screen.findByText(/must not be empty \(the AppKey/)).toBeTruthy();
    expect(screen.getByText(/is required for a DingTalk channel: the AppSecret/)).toBeTruthy();
    expect(calls.filter((call) => call.name === 'channels.save')).toEqual([]);
  });

  it('after a refused save, moves to the first field with a problem', async () => {
    const scrolled: Element[] = [];
    const scrollIntoView = vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(function (this: HTMLElement) {
      scrolled.push(this);
    });
    try {
      renderForm({
        'channels.save': () => {
          throw new ContractError({ code: 'invalid_input', message: 'There is a problem with the settings', problems: [{ path: 'endpoints.oapi', message: 'that host cannot be reached' }] });
        },
      });
      type('Channel name', 'team');
      type('AppSecret (Client Secret)', 'secret-value');
      type('Working folder', ' ');
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
      // The AppKey comes before the working folder in the form.
      const appKey = screen.getByLabelText('AppKey (Client ID)');
      await waitFor(() => expect(document.activeElement).toBe(appKey));
      expect(scrolled.at(-1)).toBe(appKey);

      type('AppKey (Client ID)', 'dingabc');
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
      await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Working folder')));

      // A problem only the engine finds, in the closed Advanced section: opened, then focused.
      type('Working folder', '~/app');
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
      const oapi = await screen.findByLabelText('Legacy API address');
      await waitFor(() => expect(document.activeElement).toBe(oapi));
      expect(oapi.closest('details')?.open).toBe(true);
      expect(screen.getByText('that host cannot be reached')).toBeTruthy();
    } finally {
      scrollIntoView.mockRestore();
    }
  });

  it('tests the connection with only the AppKey, AppSecret and addresses: the channel name may still be empty', async () => {
    const { calls } = renderForm({ 'channels.test': () => ({ ok: true, steps: [{ step: 'credentials', ok: true, message: 'DingTalk accepted the AppKey and AppSecret.' }] }) });
    type('Channel name', '');
    type('AppKey (Client ID)', 'dingabc');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Test connection' })));
    // The missing secret stops it, and is focused; the empty name does not matter here.
    expect(await screen.findByText(/is required for a DingTalk channel: the AppSecret/)).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('AppSecret (Client Secret)')));
    expect(calls.filter((call) => call.name === 'channels.test')).toEqual([]);

    type('AppSecret (Client Secret)', 'secret-value');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Test connection' })));
    expect(await screen.findByText(/DingTalk accepted the AppKey and AppSecret/)).toBeTruthy();
    expect(calls.filter((call) => call.name === 'channels.test').map((call) => call.input)).toEqual([
      { clientId: 'dingabc', clientSecret: 'secret-value', endpoints: { api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' } },
    ]);
    expect((screen.getByLabelText('Channel name') as HTMLInputElement).value).toBe('');
  });

  it('never shows a stored secret, only that it is set', async () => {
    renderForm({}, {
      existing: {
        name: 'team',
        enabled: true,
        status: 'running',
        connection: { status: 'connected', since: 0 },
        agent: { status: 'idle' },
        settings: { clientId: 'dingabc', clientSecret: { hasSecret: true, last4: '1234' } },
      },
    });
    expect(screen.getByText('Set (ends in 1234); leave empty to keep it.')).toBeTruthy();
    expect((screen.getByLabelText('AppSecret (Client Secret)') as HTMLInputElement).value).toBe('');
  });
});

describe('form state', () => {
  it('round-trips settings, groups and the allowlist', () => {
    const form = { ...emptyForm(), name: 'team', clientId: 'x', senderPolicy: 'allowlist' as const, allowedUsers: ['boss'], groupPolicy: 'allowlist' as const, groups: [{ id: 'cid1', requireMention: false }], requireMentionDefault: true };
    const settings = toSettings(form);
    expect(settings.groups).toEqual({ '*': { requireMention: true }, cid1: { requireMention: false } });
    expect(settings).not.toHaveProperty('endpoints');
    expect(fromSettings('team', settings)).toMatchObject({ allowedUsers: ['boss'], groups: [{ id: 'cid1', requireMention: false }], senderPolicy: 'allowlist' });
  });

  it('keeps what the form has no field for, but not an auth method once another agent is chosen', () => {
    const stored = { clientId: 'x', clientSecret: { hasSecret: true, last4: '1234' }, tables: 'keep', timeouts: { turnMs: 60_000 }, groups: { '*': { requireMention: true }, cid1: { requireMention: true, dispatchMode: 'collect' } }, agent: { preset: 'qwen', authMethod: 'openai', env: { K: 'v' } } };
    const form = fromSettings('team', stored);
    expect(toSettings(form)).toMatchObject({ tables: 'keep', timeouts: { turnMs: 60_000 }, groups: { cid1: { requireMention: true, dispatchMode: 'collect' } }, agent: { preset: 'qwen', authMethod: 'openai', env: { K: 'v' } } });
    expect(toSettings(form)).not.toHaveProperty('clientSecret');
    const other = toSettings({ ...form, preset: 'claude' });
    expect(other.agent).toEqual({ preset: 'claude', env: { K: 'v' }, args: [] });
  });
});
