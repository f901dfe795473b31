import { render, screen } from '@testing-library/react';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider } from '../../renderer/src/i18n/i18n';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import type { ChannelView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';

/** The channel list in Chinese, showing the one channel given: its card, once shown. */
export async function cardInChinese(channel: ChannelView): Promise<HTMLElement> {
  const stub = stubApi({ 'channels.list': () => [channel] });
  render(
    <I18nProvider language="zh-CN">
      <ApiProvider api={stub.api} link="open">
        <ChannelsPage />
      </ApiProvider>
    </I18nProvider>,
  );
  return screen.findByRole('listitem', { name: channel.name });
}
