// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { SimulatorPage } from '../../renderer/src/pages/simulator/SimulatorPage';
import type { ChannelView } from '../../renderer/src/view-types';
import type { SimulatorEntry } from '../../electron/core/platform/simulator/simulator-schema';
import { stubApi } from './stub-api';
import { ContractError } from '../../electron/contract/errors';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const channel: ChannelView = {
  name: 'simulator',
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'ready', agent: 'Demo' },
  type: 'simulator',
  cwd: '~',
  preset: 'demo',
};

// The smallest PNG there is (1×1), as a thumbnail the window made when the picture was attached.
const THUMBNAIL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const dm = { conversation: 'dm' as const, conversationId: 'cidSimulatedDm-zhangsan' };
const zhang = { staffId: 'zhangsan', nick: '张三' };
const li = { staffId: 'lisi', nick: '李四' };
const transcript: SimulatorEntry[] = [
  { id: 'm1', at: 1, from: 'person', ...dm, text: 'look at this', sender: zhang, mention: true, attachment: { fileName: 'screen.png', kind: 'image', thumbnail: THUMBNAIL } },
  { id: 'm2', at: 2, from: 'person', ...dm, text: '', sender: zhang, mention: true, attachment: { fileName: 'notes.txt', kind: 'file' } },
  { id: 'bot-0', at: 3, from: 'bot', ...dm, text: 'I received 1 image.', via: 'webhook' },
  { id: 'bot-1', at: 4, from: 'bot', ...dm, text: 'Held, then sent later.', via: 'batchSend' },
];

function renderPage(language: Language = 'en', entries: SimulatorEntry[] = transcript, clickCard: () => object = () => ({})) {
  const stub = stubApi({
    'channels.list': () => [channel],
    'simulator.transcript': () => ({ entries, people: [zhang, li] }),
    'simulator.send': () => ({ id: 'm3' }),
    'simulator.clickCard': clickCard,
  });
  render(
    <I18nProvider language={language}>
      <ApiProvider api={stub.api} link="open">
        <SimulatorPage />
      </ApiProvider>
    </I18nProvider>,
  );
  return stub;
}

describe('the simulator chat', () => {
  it('names only the sender on a bot message, and keeps how it was delivered for the hover', async () => {
    renderPage();
    const [webhook, openApi] = await screen.findAllByRole('listitem', { name: 'Bot' });
    for (const bubble of [webhook!, openApi!]) {
      expect(bubble.textContent).not.toMatch(/webhook|Open API/i);
      expect(within(bubble).getByText('Bot')).toBeTruthy();
    }
    expect(webhook!.querySelector('.bubble-head')?.getAttribute('title')).toBe('Delivered through the session webhook');
    expect(openApi!.querySelector('.bubble-head')?.getAttribute('title')).toBe('Delivered through the Open API');
  });

  it('says how a bot message was delivered in Chinese too', async () => {
    renderPage('zh-CN');
    const [webhook, openApi] = await screen.findAllByRole('listitem', { name: '机器人' });
    expect(webhook!.textContent).not.toMatch(/webhook/i);
    expect(webhook!.querySelector('.bubble-head')?.getAttribute('title')).toBe('通过会话 Webhook（sessionWebhook）送达');
    expect(openApi!.querySelector('.bubble-head')?.getAttribute('title')).toBe('通过 Open API 送达');
  });

  it('shows a picture the person sent as a thumbnail, and a file by its name', async () => {
    renderPage();
    const [picture, file] = await screen.findAllByRole('listitem', { name: '张三' });
    const thumbnail = within(picture!).getByRole('img', { name: 'screen.png' });
    expect(thumbnail.getAttribute('src')).toBe(THUMBNAIL);
    expect(picture!.textContent).not.toContain('📎');
    expect(within(file!).queryByRole('img')).toBeNull();
    expect(within(file!).getByText('📎 notes.txt')).toBeTruthy();
  });

  it('starts in the group without the @-mention ticked, and sends what the box says', async () => {
    const stub = renderPage();
    await screen.findAllByRole('listitem', { name: 'Bot' });
    fireEvent.click(screen.getByRole('radio', { name: 'Group chat' }));
    const mention = screen.getByRole('checkbox', { name: '@-mention the bot' }) as HTMLInputElement;
    expect(mention.checked).toBe(false);

    const box = screen.getByRole('textbox', { name: /Write a message/ });
    fireEvent.change(box, { target: { value: 'anyone here?' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    await waitFor(() => expect(stub.calls.some((call) => call.name === 'simulator.send')).toBe(true));
    expect(stub.calls.find((call) => call.name === 'simulator.send')?.input).toMatchObject({ conversation: 'group', text: 'anyone here?', mention: false });

    fireEvent.click(mention);
    fireEvent.change(box, { target: { value: 'now with a mention' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    await waitFor(() => expect(stub.calls.filter((call) => call.name === 'simulator.send')).toHaveLength(2));
    expect(stub.calls.filter((call) => call.name === 'simulator.send')[1]?.input).toMatchObject({ conversation: 'group', mention: true });
  });

  it('says in Chinese when a file it was given cannot be read, instead of nothing', async () => {
    // A file that went away between choosing it and reading it: the browser's reader fails.
    class FailingReader {
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      error = new DOMException('A requested file or directory could not be found', 'NotFoundError');
      readAsDataURL() {
        queueMicrotask(() => this.onerror?.());
      }
    }
    vi.stubGlobal('FileReader', FailingReader);
    renderPage('zh-CN');
    await screen.findAllByRole('listitem', { name: '机器人' });
    const file = new File(['notes'], 'notes.txt', { type: 'text/plain' });
    await act(async () => fireEvent.change(screen.getByLabelText('添加图片或文件'), { target: { files: [file] } }));
    expect((await screen.findByRole('alert')).textContent).toBe('无法读取 notes.txt。请重新选择它，或换一个文件。');
  });
});

describe('an AI card in the simulator chat', () => {
  const STOP = { id: 'dingbridge-stop', text: '⏹ Stop' };
  const cardIn = (conversation: Pick<SimulatorEntry, 'conversation' | 'conversationId'>, text: string, card: NonNullable<SimulatorEntry['card']>): SimulatorEntry[] => [
    { id: 'm1', at: 1, from: 'person', ...conversation, text: 'say: Working on it.\nhang', sender: zhang, mention: true },
    { id: `card-${card.id}`, at: 2, from: 'bot', ...conversation, text, via: 'card', card },
  ];
  const streaming = (text = 'Working on it.') => cardIn(dm, text, { id: 'track-1', state: 'streaming', buttons: [STOP] });

  it('shows its text as it streams, says it is being written, and offers its stop button', async () => {
    renderPage('en', streaming());
    const card = await screen.findByRole('listitem', { name: 'Bot' });
    expect(within(card).getByText('Working on it.')).toBeTruthy();
    expect(within(card).getByText('Writing…')).toBeTruthy();
    expect(within(card).getByRole('button', { name: '⏹ Stop' })).toBeTruthy();
    expect(card.querySelector('.bubble-head')?.getAttribute('title')).toBe('Answered in an AI card, updated as it is written');
  });

  it('says it is thinking before the first words come, in Chinese too', async () => {
    renderPage('zh-CN', streaming(''));
    const card = await screen.findByRole('listitem', { name: '机器人' });
    expect(within(card).getByText('思考中…')).toBeTruthy();
    expect(within(card).getByText('正在输入…')).toBeTruthy();
  });

  it('taps a button as the person chosen in the chat', async () => {
    const group = { conversation: 'group' as const, conversationId: 'cidSimulatedGroup' };
    const stub = renderPage('en', cardIn(group, 'Working on it.', { id: 'track-1', state: 'streaming', buttons: [STOP] }));
    fireEvent.click(await screen.findByRole('radio', { name: 'Group chat' }));
    const card = await screen.findByRole('listitem', { name: 'Bot' });
    fireEvent.change(screen.getByLabelText('You are'), { target: { value: '1' } });
    await act(async () => fireEvent.click(within(card).getByRole('button', { name: '⏹ Stop' })));
    await waitFor(() => expect(stub.calls.some((call) => call.name === 'simulator.clickCard')).toBe(true));
    expect(stub.calls.find((call) => call.name === 'simulator.clickCard')?.input).toEqual({ channel: 'simulator', card: 'track-1', action: 'dingbridge-stop', as: { staffId: 'lisi' } });
  });

  it('says so under the card when the tap is refused', async () => {
    renderPage('en', streaming(), () => {
      throw new ContractError({ code: 'failed', message: 'The card track-1 has no button dingbridge-stop.' });
    });
    const card = await screen.findByRole('listitem', { name: 'Bot' });
    await act(async () => fireEvent.click(within(card).getByRole('button', { name: '⏹ Stop' })));
    expect((await within(card).findByRole('alert')).textContent).toBe('The card track-1 has no button dingbridge-stop.');
  });

  it('offers no button once finished, and says when it failed', async () => {
    renderPage('en', cardIn(dm, 'All done.', { id: 'track-1', state: 'finished', buttons: [] }));
    const finished = await screen.findByRole('listitem', { name: 'Bot' });
    expect(within(finished).getByText('All done.')).toBeTruthy();
    expect(within(finished).queryByRole('button', { name: '⏹ Stop' })).toBeNull();
    expect(within(finished).queryByText('Writing…')).toBeNull();
    expect(within(finished).queryByText('Failed')).toBeNull();
    cleanup();

    renderPage('zh-CN', cardIn(dm, 'Working on it.\n\nThe agent timed out (ref AB12)', { id: 'track-1', state: 'failed', buttons: [] }));
    const failed = await screen.findByRole('listitem', { name: '机器人' });
    expect(within(failed).getByText('失败').className).toContain('failed');
    expect(within(failed).queryByRole('button', { name: '⏹ Stop' })).toBeNull();
  });
});
