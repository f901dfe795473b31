// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { ChannelForm } from '../../renderer/src/pages/channels/ChannelForm';
import { fromSettings, toSettings, emptyForm } from '../../renderer/src/pages/channels/form-state';
import { ContractError } from '../../electron/contract/errors';
import { stubApi } from './stub-api';

afterEach(cleanup);

const agents = [{ preset: 'qwen', label: 'Qwen Code', command: 'qwen', installed: false, install: 'npm install -g @qwen-code/qwen-code' }];

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

  it('says how to install an agent that is missing', async () => {
    renderForm({});
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
    expect(saved.settings).toMatchObject({ clientId: 'dingabc', clientSecret: 'secret-value', senderPolicy: 'pairing', agent: { preset: 'qwen' } });
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
});
