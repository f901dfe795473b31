// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { ChannelForm } from '../../renderer/src/pages/channels/ChannelForm';
import { ContractError } from '../../electron/contract/errors';
import { simulatorChannelSettings } from '../../electron/core/config/defaults';
import type { ChannelView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(cleanup);

/** A simulator channel whose agent has a saved API key and an empty variable, as channels.get shows it. */
const existing = (): ChannelView => ({
  name: 'lab',
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'idle' },
  type: 'simulator',
  settings: {
    ...simulatorChannelSettings('demo'),
    cwd: '/srv/projects/app',
    agent: { preset: 'demo', env: { OPENAI_API_KEY: { hasSecret: true }, DEBUG: { hasSecret: false } } },
    dingtalk: { clientSecret: { hasSecret: false } },
  },
});

function renderForm(save: (input?: never) => unknown = (input?: { name: string }) => ({ name: input?.name }), language: Language = 'en') {
  const stub = stubApi({ 'agents.detect': () => [], 'channels.save': save });
  const onDone = vi.fn();
  render(
    <I18nProvider language={language}>
      <ApiProvider api={stub.api} link="open">
        <ChannelForm existing={existing()} onDone={onDone} />
      </ApiProvider>
    </I18nProvider>,
  );
  return { ...stub, onDone };
}

const variables = () => screen.getByRole('group', { name: 'Environment variables for the agent' });
const savedEnv = (calls: Array<{ name: string; input: unknown }>) =>
  (calls.filter((call) => call.name === 'channels.save').at(-1)?.input as { settings: { agent: { env?: Record<string, unknown> } } }).settings.agent.env;
const save = (label = 'Save') => act(async () => fireEvent.click(screen.getByRole('button', { name: label })));

describe('the agent’s environment variables in the channel form', () => {
  it('shows which variables are set, never a value, and keeps saved values it was not given', async () => {
    const { calls, onDone } = renderForm();
    const group = variables();
    expect(within(group).getByText('OPENAI_API_KEY')).toBeTruthy();
    expect(within(group).getAllByText('Set; type a new value to replace it.')).toHaveLength(1);
    const key = within(group).getByLabelText('Value of OPENAI_API_KEY') as HTMLInputElement;
    expect(key.type).toBe('password');
    expect(key.value).toBe('');
    // A saved variable keeps its name: its value is kept by that name.
    expect(within(group).queryByDisplayValue('OPENAI_API_KEY')).toBeNull();
    expect((within(group).getByLabelText('Name of variable 2') as HTMLInputElement).value).toBe('DEBUG');

    await save();
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('lab'));
    expect(savedEnv(calls)).toEqual({ OPENAI_API_KEY: { hasSecret: true }, DEBUG: '' });
  });

  it('replaces, removes and adds variables', async () => {
    const { calls, onDone } = renderForm();
    const group = variables();
    fireEvent.change(within(group).getByLabelText('Value of OPENAI_API_KEY'), { target: { value: 'sk-new-key' } });
    expect(within(group).queryByText('Set; type a new value to replace it.')).toBeNull();
    fireEvent.click(within(group).getByRole('button', { name: 'Remove DEBUG' }));
    fireEvent.click(within(group).getByRole('button', { name: '+ Add variable' }));
    fireEvent.change(within(group).getByLabelText('Name of variable 2'), { target: { value: 'HTTPS_PROXY' } });
    fireEvent.change(within(group).getByLabelText('Value of HTTPS_PROXY'), { target: { value: 'http://proxy.example:3128' } });

    await save();
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(savedEnv(calls)).toEqual({ OPENAI_API_KEY: 'sk-new-key', HTTPS_PROXY: 'http://proxy.example:3128' });
  });

  it('shows what the engine refused next to the variable, in the window’s language, until it is edited', async () => {
    const refusal = new ContractError({
      code: 'invalid_input',
      message: 'There is a problem with the settings',
      problems: [{ path: 'agent.env.OPENAI_API_KEY', code: 'secret_unreadable', message: 'the saved value can no longer be decrypted …' }],
    });
    renderForm(() => {
      throw refusal;
    }, 'zh-CN');
    await save('保存');
    const group = screen.getByRole('group', { name: '智能体的环境变量' });
    expect(await within(group).findByText('已保存的值无法再读取（系统钥匙串被重置或更换），请重新填写。')).toBeTruthy();
    fireEvent.change(within(group).getByLabelText('OPENAI_API_KEY 的值'), { target: { value: 'sk-again' } });
    expect(within(group).queryByRole('alert')).toBeNull();
  });
});
