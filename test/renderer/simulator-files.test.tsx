// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatorPage } from '../../renderer/src/pages/simulator/SimulatorPage';
import type { Language } from '../../renderer/src/i18n/i18n';
import type { ChannelView } from '../../renderer/src/view-types';
import type { SimulatorEntry, SimulatorFilePiece, SimulatorSentFile } from '../../electron/core/platform/simulator/simulator-schema';
import { ContractError } from '../../electron/contract/errors';
import { stubApi } from './stub-api';
import { appTree } from './app-tree';
import { teamView } from './channel-view';

const channel: ChannelView = teamView({ name: 'simulator', agent: { status: 'ready', agent: 'Demo' }, type: 'simulator', cwd: '~', preset: 'demo' });
const zhang = { staffId: 'zhangsan', nick: '张三' };
const li = { staffId: 'lisi', nick: '李四' };
const dm = { conversation: 'dm' as const, conversationId: 'cidSimulatedDm-zhangsan' };
const group = { conversation: 'group' as const, conversationId: 'cidSimulatedGroup' };

/** What the stand-in holds of each sent file, and how many bytes it answers with at a time. */
interface Stored {
  name: string;
  mimeType: string;
  data: Uint8Array;
  pieceBytes: number;
}

const sentFileEntry = (sentFile: SimulatorSentFile): SimulatorEntry => ({ id: `bot-${sentFile.mediaId}`, at: 2, from: 'bot', ...dm, text: '', via: 'batchSend', sentFile });

/** The simulator page over a stub whose `simulator.file` answers from `stored`, through `delay` when given. */
function renderPage({
  entries,
  stored = {},
  delay,
  language = 'en',
}: {
  entries: SimulatorEntry[];
  stored?: Record<string, Stored>;
  delay?: (offset: number) => Promise<void> | undefined;
  language?: Language;
}) {
  const stub = stubApi({
    'channels.list': () => [channel],
    'simulator.transcript': () => ({ entries, people: [zhang, li] }),
    'simulator.send': () => ({ id: 'm9' }),
    'simulator.file': (async (input: { mediaId: string; offset: number }): Promise<SimulatorFilePiece> => {
      await delay?.(input.offset);
      const file = stored[input.mediaId];
      if (!file) throw new ContractError({ code: 'not_found', message: `There is no file ${input.mediaId}.` });
      const piece = file.data.subarray(input.offset, input.offset + file.pieceBytes);
      return { name: file.name, mimeType: file.mimeType, bytes: file.data.length, offset: input.offset, dataBase64: Buffer.from(piece).toString('base64') };
    }) as never,
  });
  render(appTree(stub.api, <SimulatorPage />, { language }));
  return stub;
}

const fileCalls = (stub: ReturnType<typeof stubApi>) => stub.calls.filter((call) => call.name === 'simulator.file').map((call) => call.input);

let made: Blob[];
let revoked: string[];
beforeEach(() => {
  made = [];
  revoked = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    made.push(blob as Blob);
    return `blob:made-${made.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('a picture the bot sent, in the simulator chat', () => {
  const png = Uint8Array.from({ length: 10 }, (_, index) => index);
  const chart: SimulatorSentFile = { mediaId: '@chart', name: 'chart.png', kind: 'image', bytes: 86_016, mimeType: 'image/png', shown: true };

  it('reads the picture a piece at a time and shows it, with its name and size under it', async () => {
    const stub = renderPage({ entries: [sentFileEntry(chart)], stored: { '@chart': { name: 'chart.png', mimeType: 'image/png', data: png, pieceBytes: 4 } } });
    const bubble = await screen.findByRole('listitem', { name: 'Bot' });
    const picture = await within(bubble).findByRole('img', { name: 'chart.png' });
    expect(picture.getAttribute('src')).toBe('blob:made-1');
    expect(fileCalls(stub)).toEqual([0, 4, 8].map((offset) => ({ channel: 'simulator', mediaId: '@chart', offset })));
    expect(made).toHaveLength(1);
    expect(made[0]?.type).toBe('image/png');
    expect(new Uint8Array(await made[0]!.arrayBuffer())).toEqual(png);
    expect(bubble.textContent).toContain('chart.png 84 KB');

    // The picture's bytes are let go with the bubble.
    cleanup();
    expect(revoked).toEqual(['blob:made-1']);
  });

  it('does not read a picture too large to show, and offers to download it instead', async () => {
    const stub = renderPage({ entries: [sentFileEntry({ ...chart, bytes: 8 * 1024 * 1024 })] });
    const bubble = await screen.findByRole('listitem', { name: 'Bot' });
    expect(within(bubble).getByRole('img', { name: 'Picture' }).getAttribute('title')).toBe('Too large to show here: download it to see it');
    expect(within(bubble).getByRole('button', { name: 'Download' })).toBeTruthy();
    expect(bubble.textContent).toContain('8 MB');
    expect(fileCalls(stub)).toEqual([]);
  });

  it('says what went wrong when the picture cannot be read', async () => {
    renderPage({ entries: [sentFileEntry(chart)] });
    const bubble = await screen.findByRole('listitem', { name: 'Bot' });
    expect((await within(bubble).findByRole('alert')).textContent).toBe('chart.png could not be read: There is no file @chart.');
    expect(within(bubble).queryByRole('img', { name: 'chart.png' })).toBeNull();
  });

  it('says, muted, that DingTalk would show nothing of a picture it does not display, and reads nothing', async () => {
    const stub = renderPage({ entries: [sentFileEntry({ ...chart, shown: false })] });
    const bubble = await screen.findByRole('listitem', { name: 'Bot' });
    const said = within(bubble).getByText('DingTalk would show nothing here: the bot sent chart.png in a way DingTalk does not display.');
    expect(said.className).toContain('muted');
    expect(within(bubble).queryByRole('img')).toBeNull();
    expect(fileCalls(stub)).toEqual([]);
    cleanup();

    renderPage({ entries: [sentFileEntry({ ...chart, shown: false })], language: 'zh-CN' });
    const zh = await screen.findByRole('listitem', { name: '机器人' });
    expect(zh.textContent).toContain('钉钉在这里什么也不会显示');
  });
});

describe('a file the bot sent, in the simulator chat', () => {
  const data = new TextEncoder().encode('0123456789');
  const report: SimulatorSentFile = { mediaId: '@report', name: 'report.zip', kind: 'file', bytes: 1_258_291, mimeType: 'application/zip', shown: true };
  const stored = { '@report': { name: 'report.zip', mimeType: 'application/zip', data, pieceBytes: 4 } };

  it('shows its name and size, and downloads it whole under its name, saying how far it has got', async () => {
    let release: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (release = resolve));
    const clicked: Array<{ href: string; download: string }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    const stub = renderPage({ entries: [sentFileEntry(report)], stored, delay: (offset) => (offset === 4 ? second : undefined) });
    const bubble = await screen.findByRole('listitem', { name: 'Bot' });
    expect(within(bubble).getByRole('img', { name: 'File' })).toBeTruthy();
    expect(bubble.textContent).toContain('report.zip 1.2 MB');
    expect(fileCalls(stub)).toEqual([]);

    await act(async () => fireEvent.click(within(bubble).getByRole('button', { name: 'Download' })));
    expect((await within(bubble).findByRole('status')).textContent).toBe('Downloading… 40%');
    expect((within(bubble).getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled).toBe(true);

    await act(async () => release());
    await waitFor(() => expect(clicked).toEqual([{ href: 'blob:made-1', download: 'report.zip' }]));
    expect(fileCalls(stub).map((input) => (input as { offset: number }).offset)).toEqual([0, 4, 8]);
    expect(made[0]?.type).toBe('application/zip');
    expect(await made[0]!.text()).toBe('0123456789');
    expect(within(bubble).queryByRole('status')).toBeNull();
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('says clearly when the file cannot be read, and may be tried again', async () => {
    const stub = renderPage({ entries: [sentFileEntry(report)], stored: {}, language: 'zh-CN' });
    const bubble = await screen.findByRole('listitem', { name: '机器人' });
    await act(async () => fireEvent.click(within(bubble).getByRole('button', { name: '下载' })));
    expect((await within(bubble).findByRole('alert')).textContent).toBe('无法读取 report.zip：There is no file @report.');
    expect(made).toEqual([]);
    expect((within(bubble).getByRole('button', { name: '下载' }) as HTMLButtonElement).disabled).toBe(false);
    expect(fileCalls(stub)).toHaveLength(1);
  });

  it('stops at a piece that does not fit the file, rather than reading for ever', async () => {
    renderPage({ entries: [sentFileEntry(report)], stored: { '@report': { ...stored['@report'], pieceBytes: 0 } } });
    const bubble = await screen.findByRole('listitem', { name: 'Bot' });
    await act(async () => fireEvent.click(within(bubble).getByRole('button', { name: 'Download' })));
    expect((await within(bubble).findByRole('alert')).textContent).toBe('report.zip could not be read: Dingbridge sent a piece that does not fit the file.');
  });
});

describe('the buttons of an ActionCard the bot sent', () => {
  const card: SimulatorEntry = {
    id: 'bot-card',
    at: 2,
    from: 'bot',
    ...group,
    text: '**Tests failed.** What next?',
    via: 'groupSend',
    actionButtons: [
      { text: 'Show the log', sends: 'show me the test log' },
      { text: 'Fix it', sends: 'please fix the failing test' },
    ],
  };

  it('shows them under the text, and a tap sends the button’s words as the person the operator is, where they are', async () => {
    const stub = renderPage({ entries: [card] });
    fireEvent.click(await screen.findByRole('radio', { name: 'Group chat' }));
    fireEvent.change(screen.getByLabelText('You are'), { target: { value: '1' } });
    const bubble = await screen.findByRole('listitem', { name: 'Bot' });
    expect(within(bubble).getByText('Tests failed.')).toBeTruthy();
    const box = screen.getByRole('textbox', { name: /Write a message/ });
    fireEvent.change(box, { target: { value: 'half-written' } });

    await act(async () => fireEvent.click(within(bubble).getByRole('button', { name: 'Fix it' })));
    await waitFor(() => expect(stub.calls.some((call) => call.name === 'simulator.send')).toBe(true));
    expect(stub.calls.find((call) => call.name === 'simulator.send')?.input).toEqual({ channel: 'simulator', sender: li, conversation: 'group', text: 'please fix the failing test', mention: false });
    // What the operator was writing stays theirs.
    expect((box as HTMLTextAreaElement).value).toBe('half-written');
  });
});
