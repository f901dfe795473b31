import { render, screen } from '@testing-library/react';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import type { ChannelView } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';
import { appTree } from './app-tree';

/** The channel list in Chinese, showing the one channel given: its card, once shown. */
export async function cardInChinese(channel: ChannelView): Promise<HTMLElement> {
  const stub = stubApi({ 'channels.list': () => [channel] });
  render(appTree(stub.api, <ChannelsPage />, { language: 'zh-CN' }));
  return screen.findByRole('listitem', { name: channel.name });
}
