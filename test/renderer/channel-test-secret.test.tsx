// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { ChannelForm } from '../../renderer/src/pages/channels/ChannelForm';
import { ContractError } from '../../electron/contract/errors';
import type { ChannelView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

afterEach(cleanup);

/** A saved DingTalk channel whose AppSecret the form does not hold, only knows is there. */
const saved: ChannelView = {
  name: 'team',
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'idle' },
  settings: {
    dingtalk: { clientId: 'dingteamkey', clientSecret: { hasSecret: true, last4: 'cret' }, endpoints: { api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' } },
    cwd: '/srv/project',
    agent: { preset: 'qwen' },
  },
};

/**
 * What the engine answers Test connection with other endpoints than the saved ones and no AppSecret typed. Test
 * connection takes the flat `{ clientId, clientSecret, endpoints }`, so the problem's path is `clientSecret`.
 */
const otherEndpoints = new ContractError({
  code: 'invalid_input',
  message: 'Enter the AppSecret again to test other endpoints than the saved ones: the saved AppSecret is sent only to the endpoints saved with it.',
  problems: [{ path: 'clientSecret', code: 'secret_for_other_endpoints', message: 'must be typed again to test other endpoints than the saved ones' }],
});

function renderForm(language: Language) {
  const stub = stubApi({
    'agents.detect': () => [],
    'channels.test': () => {
      throw otherEndpoints;
    },
  });
  render(
    <I18nProvider language={language}>
      <ApiProvider api={stub.api} link="open">
        <ChannelForm onDone={() => undefined} existing={saved} />
      </ApiProvider>
    </I18nProvider>,
  );
  return stub;
}

describe('Test connection on a saved channel pointed at other endpoints', () => {
  it('asks for the AppSecret again at its field, in the window’s language', async () => {
    for (const [language, button, words] of [
      ['en', 'Test connection', 'The saved AppSecret is sent only to the addresses saved with it. Enter it again to test these addresses.'],
      ['zh-CN', '测试连接', '已保存的 AppSecret 只会发送到与它一起保存的地址。要测试这些地址，请重新填写 AppSecret。'],
    ] as const) {
      renderForm(language);
      await act(async () => fireEvent.click(screen.getByRole('button', { name: button })));
      const said = await screen.findByText(words);
      // Said at the AppSecret field, which sits in the settings' `dingtalk` section.
      expect(said.closest('.field')?.getAttribute('data-field')).toBe('dingtalk.clientSecret');
      expect(said.closest('.field')?.querySelector('input')).toBe(screen.getByLabelText(language === 'en' ? 'AppSecret (Client Secret)' : 'AppSecret（Client Secret）'));
      expect(screen.queryByText(/Enter the AppSecret again to test other endpoints/)).toBeNull();
      cleanup();
    }
  });
});
