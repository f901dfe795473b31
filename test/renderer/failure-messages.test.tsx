// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Language } from '../../renderer/src/i18n/i18n';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import { ChannelForm } from '../../renderer/src/pages/channels/ChannelForm';
import { LogPage } from '../../renderer/src/pages/log/LogPage';
import { ContractError } from '../../electron/contract/errors';
import { errorReasonText, type ErrorReason } from '../../electron/core/base/error-reason';
import { simulatorChannelSettings } from '../../electron/core/config/defaults';
import type { ChannelView, LogEvent } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';
import { appTree } from './app-tree';
import { teamView } from './channel-view';

afterEach(cleanup);

/** A refusal as the contract client throws it: the engine's English, with the reason the window words. */
const refusal = (code: ContractError['code'], reason: ErrorReason) => new ContractError({ code, message: errorReasonText(reason), reason });

function inLanguage(language: Language, api: ReturnType<typeof stubApi>['api'], ui: ReactNode) {
  const tree = (lang: Language) => appTree(api, ui, { language: lang });
  const rendered = render(tree(language));
  return { ...rendered, switchTo: (lang: Language) => rendered.rerender(tree(lang)) };
}

describe('a refused or failed call in a window in 简体中文', () => {
  it('says in Chinese that the channel to start is gone, naming it as it is', async () => {
    const stub = stubApi({ 'channels.list': () => [teamView({ status: 'stopped' })], 'channels.start': () => Promise.reject(refusal('not_found', { code: 'no-channel', channel: 'team' })) });
    inLanguage('zh-CN', stub.api, <ChannelsPage />);
    const start = await screen.findByRole('button', { name: '启动' });
    await act(async () => fireEvent.click(start));
    expect((await screen.findByRole('alert')).textContent).toBe('没有名为“team”的频道。');
    expect(document.body.textContent).not.toContain('There is no channel');
  });

  it('says in Chinese why the channel list could not be read', async () => {
    const stub = stubApi({ 'channels.list': () => Promise.reject(new ContractError({ code: 'unauthorized', message: 'This window may not use Dingbridge.' })) });
    inLanguage('zh-CN', stub.api, <ChannelsPage />);
    expect(await screen.findByText('这个窗口无权使用 Dingbridge。')).toBeTruthy();
  });

  it('says in Chinese that a locked keyring kept the AppSecret from being saved', async () => {
    const stub = stubApi({ 'agents.detect': () => [], 'channels.save': () => Promise.reject(refusal('failed', { code: 'keyring-locked' })) });
    const existing: ChannelView = { ...teamView({ name: 'simulator', type: 'simulator' }), settings: { ...simulatorChannelSettings('demo'), dingtalk: { clientSecret: { hasSecret: false } } } };
    inLanguage('zh-CN', stub.api, <ChannelForm existing={existing} onDone={() => undefined} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '保存' })));
    expect((await screen.findByRole('alert')).textContent).toBe('系统钥匙串已锁定或拒绝访问，所以 AppSecret 没有保存。请解锁钥匙串后再保存一次。');
  });

  it('says a failure again in the new language when the window’s language changes', async () => {
    const stub = stubApi({ 'channels.list': () => [teamView({ status: 'stopped' })], 'channels.start': () => Promise.reject(refusal('failed', { code: 'channel-not-started', channel: 'team' })) });
    const { switchTo } = inLanguage('en', stub.api, <ChannelsPage />);
    const start = await screen.findByRole('button', { name: 'Start' });
    await act(async () => fireEvent.click(start));
    expect((await screen.findByRole('alert')).textContent).toBe('The channel team has not been started.');
    switchTo('zh-CN');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('频道 team 还没有启动。'));
  });
});

describe('a test message DingTalk did not take, in a window in 简体中文', () => {
  it('says why in Chinese, from DingTalk’s problem code', async () => {
    const received: LogEvent = {
      kind: 'message.received',
      id: '000000001-0000',
      at: 1_790_000_000_000,
      channel: 'team',
      conversationId: 'cidTeam==',
      conversationType: 'dm',
      senderStaffId: 'zhangsan',
      nick: '张三',
      msgId: 'msg1',
      msgtype: 'text',
      preview: 'hello',
      mentioned: true,
    };
    const english = 'The DingTalk app lacks the permission qyapi_robot_sendmsg. Add it in the developer portal under Permissions (权限管理), then publish a new version of the app.';
    const stub = stubApi({
      'log.query': () => [received],
      'channels.send': () => ({ ok: false, chunks: 1, delivered: 0, path: 'none', error: english, problem: { code: 'permission', permission: 'qyapi_robot_sendmsg' } }),
    });
    inLanguage('zh-CN', stub.api, <LogPage />);
    fireEvent.click(await screen.findByRole('button', { name: '操作' }));
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: '向此会话发送测试消息' })));
    expect((await screen.findByRole('status')).textContent).toBe('钉钉应用缺少权限 qyapi_robot_sendmsg。请在开发者后台的"权限管理"中开通，然后发布一个新版本。');
  });
});
