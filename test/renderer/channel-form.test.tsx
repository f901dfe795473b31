// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { ChannelForm } from '../../renderer/src/pages/channels/ChannelForm';
import { fromSettings, toSettings, emptyForm } from '../../renderer/src/pages/channels/form-state';
import { ContractError } from '../../electron/contract/errors';
import { ChannelConfigSchema } from '../../electron/core/config/channel-schema';
import { simulatorChannelSettings } from '../../electron/core/config/defaults';
import type { ChannelView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(cleanup);

const agents = [{ preset: 'qwen', label: 'Qwen Code', command: 'qwen', installed: false, state: 'not-installed', install: 'npm install -g @qwen-code/qwen-code' }];

function renderForm(handlers: Parameters<typeof stubApi>[0], props: Partial<Parameters<typeof ChannelForm>[0]> = {}, language: Language = 'en') {
  const stub = stubApi({ 'agents.detect': () => agents, ...handlers });
  const onDone = vi.fn();
  render(
    <I18nProvider language={language}>
      <ApiProvider api={stub.api} link="open">
        <ChannelForm onDone={onDone} {...props} />
      </ApiProvider>
    </I18nProvider>,
  );
  return { ...stub, onDone };
}

/** Words that only the engine's English for the log would use: never what the form shows. */
const SCHEMA_TEXT = /is required|must not be empty|must be one of|\(got |Invalid input/;
const schemaTextShown = () => [...document.querySelectorAll('.error')].some((element) => SCHEMA_TEXT.test(element.textContent ?? ''));

/** What channels.save answers when the folder is missing: the engine's problem, with its code and the folder it looked for. */
const folderMissing = (folder: string) =>
  new ContractError({
    code: 'invalid_input',
    message: `There is a problem with the settings:\n- cwd: the folder ${folder} does not exist; create it, or choose another folder`,
    problems: [{ path: 'cwd', code: 'folder_missing', value: folder, message: `the folder ${folder} does not exist; create it, or choose another folder` }],
  });

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** A channel as channels.get shows it: its AppSecret, in the `dingtalk` section, only whether one is saved (none, unless given). */
const view = (name: string, settings: Record<string, unknown>, over: Partial<ChannelView> = {}): ChannelView => ({
  name,
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'idle' },
  settings: { ...settings, dingtalk: { clientSecret: { hasSecret: false }, ...(settings.dingtalk as Record<string, unknown> | undefined) } },
  ...over,
});

/** The channel "Try it now" makes, as channels.get shows it to the form. */
const simulator = () => view('simulator', { ...simulatorChannelSettings('demo'), agent: { preset: 'demo', authMethod: 'none-needed' }, dingtalk: { tables: 'code' } }, { type: 'simulator' });

describe('the channel form', () => {
  it('checks fields with the engine’s schema and shows the reason under each, without saving', async () => {
    const { calls } = renderForm({});
    type('AppKey (Client ID)', '   ');
    fireEvent.blur(screen.getByLabelText('AppKey (Client ID)'));
    expect(await screen.findByText('Enter the AppKey from the DingTalk developer portal.')).toBeTruthy();
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
    type('Working folder', '~/projects/app');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(await screen.findByText('that folder cannot be used')).toBeTruthy();
    type('Channel name', 'team');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('team'));
    const saved = calls.filter((call) => call.name === 'channels.save').at(-1)?.input as { settings: Record<string, unknown> };
    expect(saved.settings).toMatchObject({ dingtalk: { clientId: 'dingabc', clientSecret: 'secret-value' }, cwd: '~/projects/app', senderPolicy: 'pairing', agent: { preset: 'demo' } });
    // The DingTalk settings are in their section only; the default addresses are not written.
    expect(saved.settings.dingtalk).toEqual({ clientId: 'dingabc', clientSecret: 'secret-value' });
    for (const key of ['clientId', 'clientSecret', 'robotCode', 'endpoints', 'tables']) expect(saved.settings).not.toHaveProperty(key);
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

  it('tests the connection in Chinese, quoting DingTalk’s words as they came', async () => {
    const auth = { code: 'auth' as const, status: 400, dingtalkCode: 'invalidClientIdOrSecret', dingtalkMessage: '无效的clientId或者clientSecret' };
    renderForm(
      { 'channels.test': () => ({ ok: false, steps: [{ step: 'credentials', ok: false, message: 'DingTalk rejected the AppKey/AppSecret (DingTalk: …).', problem: auth }] }) },
      {},
      'zh-CN',
    );
    type('AppKey（Client ID）', 'dingabc');
    type('AppSecret（Client Secret）', 'wrong');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '测试连接' })));
    expect(await screen.findByText(/^✘ 钉钉拒绝了 AppKey\/AppSecret（钉钉：invalidClientIdOrSecret: 无效的clientId或者clientSecret）。/)).toBeTruthy();
    expect(screen.queryByText(/DingTalk rejected/)).toBeNull();
  });

  it('shows a simulator only what applies to it, and saves it as a simulator with the settings it has no field for', async () => {
    const { calls, onDone } = renderForm({ 'channels.save': (input?: { name: string }) => ({ name: input?.name }) }, { existing: simulator() });
    expect(screen.getByText(/needs no AppKey or AppSecret/)).toBeTruthy();
    for (const label of ['AppKey (Client ID)', 'AppSecret (Client Secret)', 'Robot code', 'API address', 'Legacy API address']) expect(screen.queryByLabelText(label)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Test connection' })).toBeNull();

    fireEvent.click(screen.getByLabelText('Only the people on the list below, and people you approved here'));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('simulator'));
    const saved = calls.find((call) => call.name === 'channels.save')?.input as { name: string; previousName: string; settings: Record<string, unknown> };
    expect(saved).toMatchObject({ name: 'simulator', previousName: 'simulator' });
    expect(saved.settings).toMatchObject({ type: 'simulator', senderPolicy: 'allowlist', allowedUsers: ['zhangsan'], dingtalk: { tables: 'code' }, agent: { preset: 'demo', authMethod: 'none-needed' } });
    // Of the DingTalk section only what a simulator reads is saved: not the AppSecret's view, nor credentials or hosts.
    expect(saved.settings.dingtalk).toEqual({ tables: 'code' });
    for (const key of ['clientId', 'clientSecret', 'robotCode', 'endpoints', 'tables']) expect(saved.settings).not.toHaveProperty(key);
    expect(ChannelConfigSchema.safeParse(saved.settings).success).toBe(true);
  });

  it('offers approvers when the chat answers permission requests, and saves them as staffIds', async () => {
    const { calls, onDone } = renderForm({ 'channels.save': (input?: { name: string }) => ({ name: input?.name }) }, { existing: simulator() });
    expect(screen.queryByRole('group', { name: 'Approvers (staffIds)' })).toBeNull();
    type('Agent permission requests', 'chat');
    const approvers = screen.getByRole('group', { name: 'Approvers (staffIds)' });
    expect(approvers.textContent).toMatch(/only these people can answer a permission request in the chat/);
    fireEvent.change(within(approvers).getByRole('textbox'), { target: { value: ' lead01 ' } });
    fireEvent.click(within(approvers).getByRole('button', { name: /Add approver/ }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('simulator'));
    const saved = calls.find((call) => call.name === 'channels.save')?.input as { settings: Record<string, unknown> };
    expect(saved.settings).toMatchObject({ permissions: 'chat', approvers: ['lead01'] });
    expect(fromSettings('simulator', saved.settings).approvers).toEqual(['lead01']);
  });

  it('still asks a DingTalk channel for its AppKey and AppSecret', async () => {
    const { calls } = renderForm({}, { existing: view('team', { senderPolicy: 'pairing' }) });
    expect(screen.getByLabelText('AppKey (Client ID)')).toBeTruthy();
    expect(screen.getByLabelText('AppSecret (Client Secret)')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(await screen.findByText('Enter the AppKey from the DingTalk developer portal.')).toBeTruthy();
    expect(screen.getByText('Enter the AppSecret from the DingTalk developer portal.')).toBeTruthy();
    expect(schemaTextShown()).toBe(false);
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
          throw new ContractError({ code: 'invalid_input', message: 'There is a problem with the settings', problems: [{ path: 'dingtalk.endpoints.oapi', message: 'that host cannot be reached' }] });
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
    expect(await screen.findByText('Enter the AppSecret from the DingTalk developer portal.')).toBeTruthy();
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

  it('words every problem as a sentence in the window’s language, never as schema text', async () => {
    const { calls } = renderForm({}, {}, 'zh-CN');
    type('频道名称', 'a/b');
    fireEvent.blur(screen.getByLabelText('频道名称'));
    type('AppKey（Client ID）', ' ');
    fireEvent.blur(screen.getByLabelText('AppKey（Client ID）'));
    type('工作文件夹', '');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '保存' })));
    expect(await screen.findByText('名称只能包含字母、数字、空格、"-"、"_" 和 "."，以字母或数字开头，最多 64 个字符。')).toBeTruthy();
    expect(screen.getByText('请填写钉钉开发者后台中的 AppKey。')).toBeTruthy();
    expect(screen.getByText('请填写钉钉开发者后台中的 AppSecret。')).toBeTruthy();
    expect(screen.getByText('请选择智能体工作的项目文件夹。不能使用主目录。')).toBeTruthy();
    expect(screen.getByText('请修正标出的字段后再保存。')).toBeTruthy();
    expect(schemaTextShown()).toBe(false);
    expect(calls.filter((call) => call.name === 'channels.save')).toEqual([]);
  });

  it('words the engine’s refusals by their code, in English and Chinese, and keeps its words for a code it does not know', async () => {
    const refusal = new ContractError({
      code: 'invalid_input',
      message: 'There are 3 problems with the settings: …',
      problems: [
        { path: 'name', code: 'name_taken', message: 'a channel called "team" already exists' },
        { path: 'dingtalk.clientSecret', code: 'env_missing', value: 'TEAM_SECRET', message: 'the environment variable TEAM_SECRET is not set (referenced as $TEAM_SECRET); …' },
        { path: 'model', code: 'from_a_newer_engine', message: 'that model is retired' },
      ],
    });
    for (const [language, words] of [
      ['en', ['Another channel already has this name. Choose another.', 'The environment variable TEAM_SECRET is not set. Set it where Dingbridge starts, or enter the value itself.', 'Fix the marked fields, then save again.']],
      ['zh-CN', ['已有同名的频道，请换一个名称。', '环境变量 TEAM_SECRET 未设置。请在启动 Dingbridge 的环境中设置它，或直接填写值。', '请修正标出的字段后再保存。']],
    ] as const) {
      renderForm({ 'channels.save': () => Promise.reject(refusal) }, {}, language);
      const save = language === 'en' ? 'Save' : '保存';
      type(language === 'en' ? 'Channel name' : '频道名称', 'team');
      type(language === 'en' ? 'AppKey (Client ID)' : 'AppKey（Client ID）', 'dingabc');
      type(language === 'en' ? 'AppSecret (Client Secret)' : 'AppSecret（Client Secret）', '$TEAM_SECRET');
      type(language === 'en' ? 'Working folder' : '工作文件夹', '~/projects/app');
      await act(async () => fireEvent.click(screen.getByRole('button', { name: save })));
      for (const text of words) expect(await screen.findByText(text), text).toBeTruthy();
      expect(screen.getByText('that model is retired')).toBeTruthy();
      // The engine's list of every problem, in English, is for the log, not for this alert.
      expect(screen.queryByText(/There are 3 problems/)).toBeNull();
      cleanup();
    }
  });

  it('refuses an AppKey with spaces or <>, trimming only the ends, and takes a $NAME reference', async () => {
    const { calls, onDone } = renderForm({ 'channels.save': (input?: { name: string }) => ({ name: input?.name }) });
    const bad = 'This is not an AppKey: an AppKey has only letters and digits and starts with a letter, like dingxxxxxxxx. Copy the Client ID again from “Credentials & basic info” in the developer portal.';
    type('Channel name', 'team');
    type('AppSecret (Client Secret)', 'secret-value');
    type('Working folder', '~/projects/app');
    for (const appKey of ['ding abc', '<AppKey>', 'ding<abc>']) {
      type('AppKey (Client ID)', appKey);
      fireEvent.blur(screen.getByLabelText('AppKey (Client ID)'));
      expect(await screen.findByText(bad), appKey).toBeTruthy();
      await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
      expect(calls.filter((call) => call.name === 'channels.save'), appKey).toEqual([]);
    }
    expect(document.activeElement).toBe(screen.getByLabelText('AppKey (Client ID)'));

    type('AppKey (Client ID)', '$TEAM_APPKEY');
    expect(screen.queryByText(bad)).toBeNull();
    type('AppKey (Client ID)', '  dingabc123  ');
    expect(screen.queryByText(bad)).toBeNull();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('team'));
    expect((calls.find((call) => call.name === 'channels.save')?.input as { settings: { dingtalk: { clientId: string } } }).settings.dingtalk.clientId).toBe('dingabc123');
  });

  it('offers to create a missing working folder, creates the one the engine looked for, and clears the problem', async () => {
    let saves = 0;
    const { calls, onDone } = renderForm({
      'channels.save': (input?: { name: string }) => {
        saves += 1;
        if (saves === 1) throw folderMissing('/home/li/projects/new');
        return { name: input?.name };
      },
      'folders.create': (input?: { path: string }) => ({ path: input?.path, created: true }),
    });
    type('Channel name', 'team');
    type('AppKey (Client ID)', 'dingabc');
    type('AppSecret (Client Secret)', 'secret-value');
    type('Working folder', '~/projects/new');
    // No button before the engine has said the folder is missing: only it can see the disk.
    expect(screen.queryByRole('button', { name: 'Create this folder' })).toBeNull();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(await screen.findByText('The folder /home/li/projects/new does not exist yet.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Working folder')));
    expect(onDone).not.toHaveBeenCalled();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create this folder' })));
    expect(calls.filter((call) => call.name === 'folders.create').map((call) => call.input)).toEqual([{ path: '/home/li/projects/new' }]);
    expect(await screen.findByText('Created /home/li/projects/new. Save again to use it.')).toBeTruthy();
    expect(screen.queryByText('The folder /home/li/projects/new does not exist yet.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create this folder' })).toBeNull();
    expect(screen.getByLabelText('Working folder').closest('.field')?.classList.contains('invalid')).toBe(false);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('team'));
  });

  it('says in Chinese why a folder could not be created, under the folder', async () => {
    renderForm(
      {
        'channels.save': () => Promise.reject(folderMissing('/srv/app')),
        'folders.create': () =>
          Promise.reject(new ContractError({ code: 'invalid_input', message: 'There is a problem…', problems: [{ path: 'path', code: 'folder_not_created', value: '/srv/app', message: '/srv/app cannot be created (permission denied)' }] })),
      },
      {},
      'zh-CN',
    );
    type('频道名称', 'team');
    type('AppKey（Client ID）', 'dingabc');
    type('AppSecret（Client Secret）', 'secret-value');
    type('工作文件夹', '/srv/app');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '保存' })));
    expect(await screen.findByText('文件夹 /srv/app 还不存在。')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '创建此文件夹' })));
    expect(await screen.findByText('Dingbridge 无法创建 /srv/app。请自行创建，或换一个文件夹。')).toBeTruthy();
    // Typing another folder drops what was said about the old one.
    type('工作文件夹', '/srv/other');
    expect(screen.queryByText('Dingbridge 无法创建 /srv/app。请自行创建，或换一个文件夹。')).toBeNull();
  });

  it('starts a new channel with no working folder, and words the engine’s refusal of the home folder, the disk or the data folder in English and Chinese', async () => {
    const refusal = (code: string, folder: string) =>
      new ContractError({ code: 'invalid_input', message: 'There is a problem with the settings: …', problems: [{ path: 'cwd', code, value: folder, message: `${folder} is refused` }] });
    const cases = [
      ['en', 'home_folder', '/home/li', 'From /home/li the agent could read your home folder, with your SSH keys and Dingbridge’s own secrets. Choose a project folder instead.'],
      ['en', 'root_folder', '/', '/ is the top of the disk: the agent could read every file on this computer. Choose a project folder instead.'],
      ['en', 'holds_data_folder', '/home/li/work', '/home/li/work holds Dingbridge’s data folder, with its secrets and every chat, which the agent could read. Choose a project folder outside it.'],
      ['zh-CN', 'home_folder', '/home/li', '在 /home/li 中，智能体可以读取你的主目录，包括其中的 SSH 密钥和 Dingbridge 自己的密钥。请改选一个项目文件夹。'],
      ['zh-CN', 'root_folder', '/', '/ 是磁盘的最顶层：智能体可以读取这台电脑上的每个文件。请改选一个项目文件夹。'],
      ['zh-CN', 'holds_data_folder', '/home/li/work', '/home/li/work 包含 Dingbridge 的数据文件夹，其中的密钥和所有聊天记录都会被智能体读到。请选择数据文件夹之外的项目文件夹。'],
    ] as const;
    for (const [language, code, folder, words] of cases) {
      const en = language === 'en';
      renderForm({ 'channels.save': () => Promise.reject(refusal(code, folder)) }, {}, language);
      expect((screen.getByLabelText(en ? 'Working folder' : '工作文件夹') as HTMLInputElement).value).toBe('');
      type(en ? 'Channel name' : '频道名称', 'team');
      type(en ? 'AppKey (Client ID)' : 'AppKey（Client ID）', 'dingabc');
      type(en ? 'AppSecret (Client Secret)' : 'AppSecret（Client Secret）', 'secret-value');
      type(en ? 'Working folder' : '工作文件夹', folder);
      await act(async () => fireEvent.click(screen.getByRole('button', { name: en ? 'Save' : '保存' })));
      expect(await screen.findByText(words), `${language} ${code}`).toBeTruthy();
      expect(screen.queryByText(`${folder} is refused`)).toBeNull();
      cleanup();
    }
  });

  it('lets a simulator keep its own working folder by leaving the field empty', async () => {
    const { calls, onDone } = renderForm({ 'channels.save': (input?: { name: string }) => ({ name: input?.name }) }, { existing: simulator() });
    expect(screen.getByText('Leave empty: the simulator then works in a folder of its own in Dingbridge’s data folder.')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('simulator'));
    expect((calls.find((call) => call.name === 'channels.save')?.input as { settings: Record<string, unknown> }).settings).not.toHaveProperty('cwd');
  });

  it('never shows a stored secret, only that it is set', async () => {
    renderForm({}, {
      existing: {
        name: 'team',
        enabled: true,
        status: 'running',
        connection: { status: 'connected', since: 0 },
        agent: { status: 'idle' },
        settings: { dingtalk: { clientId: 'dingabc', clientSecret: { hasSecret: true, last4: '1234' } } },
      },
    });
    expect(screen.getByText('Set (ends in 1234); leave empty to keep it.')).toBeTruthy();
    expect((screen.getByLabelText('AppSecret (Client Secret)') as HTMLInputElement).value).toBe('');
  });
});

describe('form state', () => {
  it("saves the bot's chat language only when it is not the default, and reads it back", async () => {
    const { calls, onDone } = renderForm({ 'channels.save': (input?: { name: string }) => ({ name: input?.name }) }, { existing: simulator() });
    const select = screen.getByLabelText('Language of the bot’s own messages in the chat') as HTMLSelectElement;
    expect(select.value).toBe('both');
    expect([...select.options].map((option) => option.textContent)).toEqual(['Chinese and English', 'Chinese', 'English']);
    type('Language of the bot’s own messages in the chat', 'en');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('simulator'));
    const saved = calls.find((call) => call.name === 'channels.save')?.input as { settings: Record<string, unknown> };
    expect(saved.settings.chatLanguage).toBe('en');
    expect(fromSettings('simulator', saved.settings).chatLanguage).toBe('en');
    expect(toSettings(fromSettings('simulator', { ...saved.settings, chatLanguage: 'both' }))).not.toHaveProperty('chatLanguage');
  });

  it('round-trips settings, groups and the allowlist', () => {
    const form = { ...emptyForm(), name: 'team', clientId: 'x', senderPolicy: 'allowlist' as const, allowedUsers: ['boss'], groupPolicy: 'allowlist' as const, groups: [{ id: 'cid1', requireMention: false }], requireMentionDefault: true };
    const settings = toSettings(form);
    expect(settings.groups).toEqual({ '*': { requireMention: true }, cid1: { requireMention: false } });
    expect(settings).not.toHaveProperty('endpoints');
    expect(settings.dingtalk).toEqual({ clientId: 'x' });
    expect(fromSettings('team', settings)).toMatchObject({ allowedUsers: ['boss'], groups: [{ id: 'cid1', requireMention: false }], senderPolicy: 'allowlist' });
  });

  it('leaves a listed group without a choice of its own following "*" when saved, and writes the choice made', async () => {
    const existing = view('team', {
      dingtalk: { clientId: 'dingabc', clientSecret: { hasSecret: true, last4: 'wxyz' } },
      cwd: '/srv/projects/app',
      agent: { preset: 'qwen' },
      groupPolicy: 'allowlist',
      groups: { '*': { requireMention: false }, cidQuiet: {}, cidLoud: { dispatchMode: 'followup' } },
    });
    const { calls, onDone } = renderForm({ 'channels.save': () => existing }, { existing });
    const quiet = screen.getByLabelText('When the bot answers in listed group 1') as HTMLSelectElement;
    expect(quiet.value).toBe('default');
    expect([...quiet.options].map((option) => option.textContent)).toEqual(['As for all groups', 'Only when @-mentioned', 'Every message']);
    type('When the bot answers in listed group 2', 'mention');
    fireEvent.click(screen.getByRole('button', { name: '+ Add group' }));
    type('Listed groups 3', 'cidNew');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('team'));
    const saved = calls.find((call) => call.name === 'channels.save')?.input as { settings: Record<string, unknown> };
    expect(saved.settings.groups).toEqual({
      '*': { requireMention: false },
      cidQuiet: {},
      cidLoud: { dispatchMode: 'followup', requireMention: true },
      cidNew: {},
    });
    // Back to "as for all groups": the group's own value goes, what else it had stays.
    const form = fromSettings('team', saved.settings);
    expect(toSettings({ ...form, groups: form.groups.map(({ id }) => ({ id })) }).groups).toMatchObject({ cidLoud: { dispatchMode: 'followup' } });
    expect(toSettings({ ...form, groups: form.groups.map(({ id }) => ({ id })) }).groups).not.toHaveProperty('cidLoud.requireMention');
  });

  it('keeps what the form has no field for, but not an auth method once another agent is chosen', () => {
    const stored = { dingtalk: { clientId: 'x', clientSecret: { hasSecret: true, last4: '1234' }, tables: 'keep' }, timeouts: { turnMs: 60_000 }, groups: { '*': { requireMention: true }, cid1: { requireMention: true, dispatchMode: 'collect' } }, agent: { preset: 'qwen', authMethod: 'openai', env: { K: { hasSecret: true } } } };
    const form = fromSettings('team', stored);
    expect(toSettings(form)).toMatchObject({ dingtalk: { clientId: 'x', tables: 'keep' }, timeouts: { turnMs: 60_000 }, groups: { cid1: { requireMention: true, dispatchMode: 'collect' } }, agent: { preset: 'qwen', authMethod: 'openai', env: { K: { hasSecret: true } } } });
    expect(toSettings(form).dingtalk).toEqual({ clientId: 'x', tables: 'keep' });
    expect(toSettings(form)).not.toHaveProperty('clientSecret');
    expect(toSettings(form)).not.toHaveProperty('tables');
    const other = toSettings({ ...form, preset: 'claude' });
    expect(other.agent).toEqual({ preset: 'claude', env: { K: { hasSecret: true } }, args: [] });
  });

  it.each(['en', 'zh-CN'] as const)('takes the largest file people may send in MB, refusing what the engine would, in %s', async (language) => {
    const existing = view('team', { dingtalk: { clientId: 'dingabc', clientSecret: { hasSecret: true, last4: 'wxyz' }, maxDownloadMB: 20 }, cwd: '/srv/projects/app', agent: { preset: 'qwen' } });
    const { calls, onDone } = renderForm({ 'channels.save': () => existing }, { existing }, language);
    const label = language === 'en' ? 'Largest file people may send (MB)' : '用户可发送的最大文件（MB）';
    expect((screen.getByLabelText(label) as HTMLInputElement).value).toBe('20');
    const refusals = {
      en: { '0': 'Use at least 1 MB.', '2048': 'Use at most 1024 MB (1 GB).', '1.5': 'Enter a whole number of MB, such as 50, or clear the field for 50 MB.' },
      'zh-CN': { '0': '请至少填写 1 MB。', '2048': '请最多填写 1024 MB（1 GB）。', '1.5': '请填写整数 MB，例如 50；留空则为 50 MB。' },
    }[language];
    for (const [value, refusal] of Object.entries(refusals)) {
      type(label, value);
      fireEvent.blur(screen.getByLabelText(label));
      await waitFor(() => expect(screen.getByText(refusal)).toBeTruthy());
    }
    type(label, '200');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: language === 'en' ? 'Save' : '保存' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('team'));
    const saved = calls.find((call) => call.name === 'channels.save')?.input as { settings: { dingtalk: Record<string, unknown> } };
    expect(saved.settings.dingtalk).toEqual({ clientId: 'dingabc', maxDownloadMB: 200 });
    // Cleared, the setting is left out: the default holds.
    expect(toSettings({ ...fromSettings('team', saved.settings), maxDownloadMB: '' }).dingtalk).toEqual({ clientId: 'dingabc' });
  });

  it('saves a channel’s DingTalk section back with its AppKey, its own addresses and its tables, leaving the saved AppSecret as it is', async () => {
    const endpoints = { api: 'https://dingtalk-gateway.example.com', oapi: 'https://dingtalk-legacy.example.com' };
    const existing = view('team', {
      dingtalk: { clientId: 'dingabc', clientSecret: { hasSecret: true, last4: 'wxyz' }, tables: 'code', endpoints },
      cwd: '/srv/projects/app',
      agent: { preset: 'qwen' },
    });
    const { calls, onDone } = renderForm({ 'channels.save': (input?: { name: string }) => ({ name: input?.name }) }, { existing });
    expect((screen.getByLabelText('AppKey (Client ID)') as HTMLInputElement).value).toBe('dingabc');
    expect((screen.getByLabelText('AppSecret (Client Secret)') as HTMLInputElement).value).toBe('');
    expect(screen.getByText('Set (ends in wxyz); leave empty to keep it.')).toBeTruthy();
    expect((screen.getByLabelText('API address') as HTMLInputElement).value).toBe(endpoints.api);
    expect((screen.getByLabelText('Legacy API address') as HTMLInputElement).value).toBe(endpoints.oapi);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('team'));
    const saved = calls.find((call) => call.name === 'channels.save')?.input as { name: string; previousName: string; settings: Record<string, unknown> };
    expect(saved).toMatchObject({ name: 'team', previousName: 'team' });
    // No clientSecret at all: the engine then keeps the saved one (the view's { hasSecret } is never sent back).
    expect(saved.settings.dingtalk).toEqual({ clientId: 'dingabc', endpoints, tables: 'code' });
    for (const key of ['clientId', 'clientSecret', 'robotCode', 'endpoints', 'tables']) expect(saved.settings).not.toHaveProperty(key);
    expect(ChannelConfigSchema.safeParse({ ...saved.settings, dingtalk: { ...(saved.settings.dingtalk as object), clientSecret: 'stored-secret' } }).success).toBe(true);
  });
});
