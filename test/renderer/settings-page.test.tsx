// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { SettingsPage } from '../../renderer/src/pages/SettingsPage';
import type { AppSettings, AppStatus } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(cleanup);

const settings: AppSettings = { language: 'en', theme: 'system', startAtLogin: false, apiCallWarning: 4000, dataDir: '/home/me/.dingbridge' };
const status: AppStatus = { secretStorage: 'keyring', logWrite: { ok: true }, mode: 'desktop', version: '1.2.3' };

function renderPage(language: Language = 'en', over: Partial<AppStatus> = {}, link: 'open' | 'closed' = 'open') {
  const changes: AppSettings[] = [];
  const stub = stubApi({ 'settings.set': (patch?: Partial<AppSettings>) => ({ ...settings, ...patch }) });
  render(
    <I18nProvider language={language}>
      <ApiProvider api={stub.api} link={link}>
        <SettingsPage settings={settings} status={{ ...status, ...over }} onChange={(next) => changes.push(next)} />
      </ApiProvider>
    </I18nProvider>,
  );
  return { stub, changes };
}

const panelTitles = () => [...document.querySelectorAll('.panel > h2')].map((heading) => heading.textContent);

describe('the settings page', () => {
  it('is laid out like the other pages: a page header, then one panel per topic', () => {
    renderPage();
    const page = screen.getByRole('region', { name: 'Settings' });
    const header = page.querySelector(':scope > header.page-header');
    expect(header?.querySelector('h1')?.textContent).toBe('Settings');
    expect(header?.querySelector('.subtitle')?.textContent).toBe('How Dingbridge looks and starts, and where it keeps its data.');
    // The page itself is no panel, as on Channels and Approvals; its parts are.
    expect(page.classList.contains('panel')).toBe(false);
    expect(panelTitles()).toEqual(['Appearance', 'Startup', 'DingTalk API calls', 'Data and version']);
    const appearance = screen.getByRole('region', { name: 'Appearance' });
    expect(within(appearance).getByLabelText('Language')).toBeTruthy();
    expect(within(appearance).getByLabelText('Theme')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Startup' })).getByRole('checkbox', { name: 'Start Dingbridge at login' })).toBeTruthy();
    const about = screen.getByRole('region', { name: 'Data and version' });
    expect(about.textContent).toContain('/home/me/.dingbridge');
    expect(about.textContent).toContain('System keyring');
    expect(about.textContent).toContain('1.2.3');
  });

  it('names its panels in Chinese, and still changes a setting', async () => {
    const { changes } = renderPage('zh-CN', { mode: 'headless' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('设置');
    expect(panelTitles()).toEqual(['外观', '启动', '钉钉 API 调用', '数据与版本']);
    expect((screen.getByRole('checkbox', { name: '登录时启动 Dingbridge' }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('无界面运行的 Dingbridge 由你的服务管理器启动。')).toBeTruthy();
    await act(async () => fireEvent.change(screen.getByLabelText('主题'), { target: { value: 'dark' } }));
    await waitFor(() => expect(changes.at(-1)?.theme).toBe('dark'));
  });

  it('saves the API call count to warn at when the field is left, and refuses what is not a count', async () => {
    const { stub, changes } = renderPage();
    const field = screen.getByLabelText('Warn when a DingTalk app has made this many API calls in a month') as HTMLInputElement;
    expect(field.value).toBe('4000');
    fireEvent.change(field, { target: { value: 'lots' } });
    fireEvent.blur(field);
    expect(screen.getByRole('alert').textContent).toBe('Enter a whole number of calls, such as 4000, or 0 to never warn.');
    expect(stub.calls.filter((call) => call.name === 'settings.set')).toEqual([]);
    fireEvent.change(field, { target: { value: '2,500' } });
    await act(async () => fireEvent.blur(field));
    await waitFor(() => expect(changes.at(-1)?.apiCallWarning).toBe(2500));
    expect(stub.calls.filter((call) => call.name === 'settings.set').map((call) => call.input)).toEqual([{ apiCallWarning: 2500 }]);
  });

  it('turns its controls off while Dingbridge is out of reach, as the other pages do', () => {
    renderPage('en', {}, 'closed');
    for (const control of [screen.getByLabelText('Language'), screen.getByLabelText('Theme'), screen.getByRole('checkbox', { name: 'Start Dingbridge at login' })]) {
      expect((control as HTMLInputElement).disabled).toBe(true);
      expect(control.getAttribute('title')).toBe('Not available while the window is not connected to Dingbridge');
    }
  });
});
