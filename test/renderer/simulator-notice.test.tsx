// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { SimulatorPage } from '../../renderer/src/pages/simulator/SimulatorPage';
import type { ChannelView } from '../../renderer/src/view-types';
import type { SimulatorEntry } from '../../electron/core/platform/simulator/simulator-schema';
import { stubApi } from './stub-api';

afterEach(cleanup);

const simulatorChannel = (over: Partial<ChannelView> = {}): ChannelView => ({
  name: 'simulator',
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'needs-login', agent: 'Qwen Code', reason: 'Qwen Code needs you to log in before it can start a session.', login: 'qwen' },
  type: 'simulator',
  cwd: '~',
  preset: 'qwen',
  ...over,
});

const dm = { conversation: 'dm' as const, conversationId: 'cidSimulatedDm-zhangsan' };
const transcript: SimulatorEntry[] = [
  { id: 'm1', at: 1, from: 'person', ...dm, text: 'hello', sender: { staffId: 'zhangsan', nick: '张三' }, mention: true },
  { id: 'bot-0', at: 2, from: 'bot', ...dm, text: '⚠️ Qwen Code needs you to log in before it can start a session.', via: 'webhook' },
  {
    id: 'notice-0',
    at: 3,
    from: 'simulator',
    ...dm,
    text: 'Qwen Code cannot answer yet: it needs a login.',
    notice: { problem: 'needs-login', agent: 'Qwen Code', reason: 'Qwen Code needs you to log in before it can start a session.', login: 'qwen' },
    action: 'use-demo-agent',
  },
];
const people = [{ staffId: 'zhangsan', nick: '张三' }];
/** The simulator channel as channels.get shows it: its AppSecret, in the `dingtalk` section, only whether one is saved. */
const stored = { type: 'simulator', senderPolicy: 'pairing', allowedUsers: ['zhangsan'], agent: { preset: 'qwen' }, dingtalk: { clientSecret: { hasSecret: false } } };

function renderPage(channel: ChannelView, language: Language = 'en', entries: SimulatorEntry[] = transcript) {
  const stub = stubApi({
    'channels.list': () => [channel],
    'simulator.transcript': () => ({ entries, people }),
    'channels.get': () => ({ ...channel, settings: stored }),
    'channels.save': (input?: { name: string }) => ({ ...channel, name: input?.name }),
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

const savedAgent = (stub: ReturnType<typeof stubApi>) => stub.calls.find((call) => call.name === 'channels.save')?.input as { name: string; settings: Record<string, unknown> };

describe('the simulator chat, when the agent cannot take a message', () => {
  it('shows the simulator’s notice after the bot’s error, with the login command and a button that switches to the demo agent', async () => {
    const stub = renderPage(simulatorChannel());
    const notice = await screen.findByRole('listitem', { name: 'Simulator' });
    const bubbles = within(screen.getByRole('list', { name: 'Simulator' })).getAllByRole('listitem').map((item) => item.getAttribute('aria-label'));
    expect(bubbles).toEqual(['张三', 'Bot', 'Simulator']);
    expect(within(notice).getByText('Qwen Code cannot answer yet: it needs a login.')).toBeTruthy();
    expect(notice.textContent).toMatch(/Run qwen.* once in a terminal and log in, then send your message again\./);
    expect(within(notice).getByRole('button', { name: 'Copy qwen' })).toBeTruthy();

    await act(async () => fireEvent.click(within(notice).getByRole('button', { name: 'Use the demo agent' })));
    await waitFor(() => expect(savedAgent(stub)).toBeTruthy());
    // Without the view of the AppSecret, so the saved one (if any) is kept.
    expect(savedAgent(stub)).toEqual({ name: 'simulator', settings: { type: 'simulator', senderPolicy: 'pairing', allowedUsers: ['zhangsan'], agent: { preset: 'demo' } } });
  });

  it('words the notice in Chinese too', async () => {
    renderPage(simulatorChannel(), 'zh-CN');
    const notice = await screen.findByRole('listitem', { name: '模拟器' });
    expect(within(notice).getByText('Qwen Code 还不能回答：它需要先登录。')).toBeTruthy();
    expect(within(notice).getByRole('button', { name: '改用演示智能体' })).toBeTruthy();
  });

  it('says in Chinese why the agent could not start, from the engine’s code', async () => {
    const reason = 'Codex could not be started: spawn EACCES';
    const cannotStart: SimulatorEntry = {
      id: 'notice-1',
      at: 3,
      from: 'simulator',
      ...dm,
      text: `Codex could not start, so it cannot answer: ${reason}`,
      notice: { problem: 'cannot-start', agent: 'Codex', reason, agentProblem: { code: 'spawn-failed', agent: 'Codex', detail: 'spawn EACCES' } },
      action: 'use-demo-agent',
    };
    renderPage(simulatorChannel({ agent: { status: 'idle' } }), 'zh-CN', [transcript[0]!, cannotStart]);
    const notice = await screen.findByRole('listitem', { name: '模拟器' });
    expect(notice.textContent).toContain('Codex 无法启动：spawn EACCES');
    expect(notice.textContent).not.toContain('could not be started');
  });

  it('says in Chinese why the simulator channel stopped', async () => {
    const reason = 'The working folder /srv/gone does not exist; choose an existing folder in the channel settings.';
    renderPage(simulatorChannel({ status: 'failed', reason, problem: { code: 'agent', agent: { code: 'folder-missing', folder: '/srv/gone' } }, agent: { status: 'failed', reason } }), 'zh-CN');
    expect(await screen.findByText(/工作文件夹 \/srv\/gone 不存在；请在频道设置中选择一个已有的文件夹。/)).toBeTruthy();
  });

  it('offers the demo agent when the simulator channel stopped because its agent cannot run', async () => {
    const stub = renderPage(simulatorChannel({ status: 'failed', reason: 'Qwen Code is not installed: "qwen" was not found on PATH.', agent: { status: 'failed', reason: 'not installed' } }));
    expect(await screen.findByText('The simulator channel stopped: Qwen Code is not installed: "qwen" was not found on PATH.')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Use the demo agent' })));
    await waitFor(() => expect(savedAgent(stub)?.settings.agent).toEqual({ preset: 'demo' }));
  });
});
