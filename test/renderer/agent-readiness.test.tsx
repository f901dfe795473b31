// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/hooks/api-context';
import { I18nProvider, type Language } from '../../renderer/src/i18n/i18n';
import { AgentReadiness, AgentSelect } from '../../renderer/src/pages/channels/AgentChoice';
import { ChannelsPage } from '../../renderer/src/pages/channels/ChannelsPage';
import { FirstRun } from '../../renderer/src/pages/channels/FirstRun';
import type { ChannelView, DetectedAgent } from '../../renderer/src/view-types';
import { stubApi } from './stub-api';
import { teamView } from './channel-view';
import { cardInChinese } from './card-in-chinese';

afterEach(cleanup);

const qwen: DetectedAgent = {
  preset: 'qwen',
  label: 'Qwen Code',
  command: 'qwen',
  installed: true,
  state: 'needs-login',
  reason: 'Qwen Code needs a login before it can start a session.',
  login: 'qwen',
  path: '/usr/local/bin/qwen',
  version: '0.24.4',
  install: 'npm install -g @qwen-code/qwen-code',
};
const gemini: DetectedAgent = { preset: 'gemini', label: 'Gemini CLI', command: 'gemini', installed: false, state: 'not-installed', install: 'npm install -g @google/gemini-cli' };
const goose: DetectedAgent = { ...gemini, preset: 'goose', label: 'goose', command: 'goose', installed: true, state: 'usable', version: '1.9.2' };
const demo: DetectedAgent = { preset: 'demo', label: 'Demo agent', command: '', installed: true, state: 'usable', install: 'nothing: it is built in' };

function inLanguage(language: Language, ui: React.ReactNode) {
  return render(<I18nProvider language={language}>{ui}</I18nProvider>);
}

const options = () => within(screen.getByRole('combobox')).getAllByRole('option').map((option) => option.textContent);

describe('the agent list', () => {
  it('says which agents can answer, and always offers the demo agent, even when detection left it out', () => {
    inLanguage('en', <AgentSelect id="agent" describedBy={undefined} value="qwen" detected={[goose, qwen, gemini]} customLabel="Custom command" onChange={() => undefined} />);
    expect(options()).toEqual([
      'goose — ready (1.9.2)',
      'Qwen Code — installed, needs login',
      'Gemini CLI — not installed',
      'Demo agent — built in, always works',
      'Custom command',
    ]);
    cleanup();
    inLanguage('zh-CN', <AgentSelect id="agent" describedBy={undefined} value="demo" detected={[demo, qwen]} customLabel="自定义命令" onChange={() => undefined} />);
    expect(options()).toEqual(['演示智能体 — 内置，始终可用', 'Qwen Code — 已安装，需要登录', '自定义命令']);
    cleanup();
    // Also when detection (of an older engine) left the demo out, the window names it in its language.
    inLanguage('zh-CN', <AgentSelect id="agent" describedBy={undefined} value="qwen" detected={[qwen]} customLabel="自定义命令" onChange={() => undefined} />);
    expect(options()).toEqual(['Qwen Code — 已安装，需要登录', '演示智能体 — 内置，始终可用', '自定义命令']);
  });

  it('under an agent that needs a login, says so with the command to run, one click from the clipboard, in both languages', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void copied.push(text) }, configurable: true });
    const { container } = inLanguage('en', <AgentReadiness agent={qwen} />);
    expect(container.textContent).toMatch(/^Installed, needs login: run qwen\s*(Copied)? once in a terminal\.$/);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy qwen' })));
    expect(copied).toEqual(['qwen']);
    await waitFor(() => expect(screen.getByText('Copied')).toBeTruthy());
    cleanup();
    const zh = inLanguage('zh-CN', <AgentReadiness agent={qwen} />);
    expect(zh.container.textContent).toMatch(/^已安装，需要登录：在终端里运行一次 qwen\s*并登录。$/);
    expect(screen.getByRole('button', { name: '复制 qwen' })).toBeTruthy();
  });

  it('says how to install a missing agent, and what a broken one said', () => {
    const { container } = inLanguage('en', <AgentReadiness agent={gemini} />);
    expect(container.textContent).toBe('Not installed on this computer. Install it with: npm install -g @google/gemini-cli');
    cleanup();
    const broken = inLanguage('en', <AgentReadiness agent={{ ...goose, state: 'broken', reason: 'goose exited during start-up with code 1.' }} />);
    expect(broken.container.textContent).toBe('Installed, but it does not start: goose exited during start-up with code 1.');
  });

  it('says in Chinese how to install a missing agent, the commands as they must be typed', () => {
    const claude: DetectedAgent = {
      ...gemini,
      preset: 'claude',
      label: 'Claude Code',
      command: 'claude-agent-acp',
      install: 'npm install -g @agentclientprotocol/claude-agent-acp (and log in once with `claude`)',
      installHint: { code: 'run', command: 'npm install -g @agentclientprotocol/claude-agent-acp', login: 'claude' },
    };
    const { container } = inLanguage('zh-CN', <AgentReadiness agent={claude} />);
    expect(container.textContent).toBe('这台电脑上没有安装。安装方法：npm install -g @agentclientprotocol/claude-agent-acp（然后用 `claude` 登录一次）');
    cleanup();
    const url = 'https://block.github.io/goose/docs/getting-started/installation';
    const missingGoose: DetectedAgent = { ...goose, installed: false, state: 'not-installed', install: `goose 1.8 or later from ${url}`, installHint: { code: 'download', program: 'goose', minVersion: '1.8', url } };
    const zh = inLanguage('zh-CN', <AgentReadiness agent={missingGoose} />);
    expect(zh.container.textContent).toBe(`这台电脑上没有安装。安装方法：从 ${url} 安装 goose 1.8 或更高版本`);
  });

  it('says in Chinese what a broken agent did, from the engine’s code', () => {
    const timedOut = { ...goose, state: 'broken' as const, reason: 'goose did not start a session within 10 s.', problem: { code: 'session-timeout' as const, agent: 'goose', seconds: 10 } };
    const { container } = inLanguage('zh-CN', <AgentReadiness agent={timedOut} />);
    expect(container.textContent).toBe('已安装，但无法启动：goose 没有在 10 秒内开始会话。');
  });
});

const team = (over: Partial<ChannelView> = {}): ChannelView =>
  teamView({ name: 'simulator', agent: { status: 'ready', agent: 'Qwen Code' }, type: 'simulator', cwd: '~', ...over });

describe('the channel card', () => {
  it('does not say "ready" while the agent needs a login: it says so, with the command to copy', async () => {
    let current = team();
    const stub = stubApi({ 'channels.list': () => [current] });
    render(
      <ApiProvider api={stub.api} link="open">
        <ChannelsPage />
      </ApiProvider>,
    );
    expect(await screen.findByText('Qwen Code ready')).toBeTruthy();
    current = team({ agent: { status: 'needs-login', agent: 'Qwen Code', reason: 'Qwen Code needs you to log in before it can start a session.', login: 'qwen' } });
    act(() => stub.emit('channel.changed', current));
    expect(await screen.findByText('Qwen Code needs a login')).toBeTruthy();
    expect(screen.queryByText('Qwen Code ready')).toBeNull();
    const card = screen.getByRole('listitem', { name: 'simulator' });
    expect(within(card).getByRole('button', { name: 'Copy qwen' })).toBeTruthy();
    expect(within(card).getByText(/Installed, needs login: run/)).toBeTruthy();
  });
});

describe('the agent on a channel card in Chinese', () => {
  it('names the demo agent in Chinese, where the engine calls it "Demo agent"', async () => {
    const card = await cardInChinese(team({ preset: 'demo', agent: { status: 'ready', agent: 'Demo agent' } }));
    expect(within(card).getByText('演示智能体 就绪')).toBeTruthy();
    expect(within(card).getByText('演示智能体', { selector: 'dd' })).toBeTruthy();
    expect(card.textContent).not.toMatch(/Demo agent|\bdemo\b/);
  });

  it('says "custom command" in Chinese for a channel with a command of its own', async () => {
    const card = await cardInChinese(team({ preset: 'custom', agent: { status: 'ready', agent: 'my-agent' } }));
    expect(within(card).getByText('自定义命令', { selector: 'dd' })).toBeTruthy();
    expect(within(card).getByText('my-agent 就绪')).toBeTruthy();
  });
});

describe('Try it now', () => {
  async function tryIt(agents: DetectedAgent[]) {
    const stub = stubApi({ 'agents.detect': () => agents, 'channels.save': (input?: { name: string }) => ({ name: input?.name }) });
    render(
      <ApiProvider api={stub.api} link="open">
        <FirstRun onAdd={() => undefined} onImport={() => undefined} />
      </ApiProvider>,
    );
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try it now' })));
    await waitFor(() => expect(stub.calls.some((call) => call.name === 'channels.save')).toBe(true));
    const saved = stub.calls.find((call) => call.name === 'channels.save')?.input as { settings: { agent: { preset: string } } };
    cleanup();
    return saved.settings.agent.preset;
  }

  it('chooses the demo agent when the installed agent cannot answer, and the first one that can otherwise', async () => {
    expect(await tryIt([demo, qwen, gemini])).toBe('demo');
    expect(await tryIt([goose, demo, qwen])).toBe('goose');
  });
});
