import { access, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { serve, type RunningDaemon } from '../../electron/daemon/serve.js';
import { JsonFileConfigStore } from '../../electron/core/config/config-store.js';
import { SIMULATOR_CHANNEL_NAME, simulatorChannelSettings } from '../../electron/core/config/defaults.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { FAST_TIMING, tempDir, until } from '../core/platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';
import { launchChromium } from './browser.js';

const RENDERER = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots', import.meta.url));

let daemon: RunningDaemon;
let browser: Browser;
let page: Page;

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });
const say = async (text: string) => {
  const box = page.getByRole('textbox', { name: /Write a message/ });
  await box.fill(text);
  await box.press('Enter');
};

beforeAll(async () => {
  await access(join(RENDERER, 'index.html'));
  await mkdir(SHOTS, { recursive: true });
  // A simulator channel whose agent is installed but not logged in: it starts, then refuses every session.
  const dataDir = await tempDir();
  const launch = fakeAgentLaunch({ FAKE_AGENT_MODE: 'auth' });
  const agent = { preset: 'custom', command: launch.command, args: launch.args, env: launch.env };
  await new JsonFileConfigStore(join(dataDir, 'config.json')).write({
    channels: { [SIMULATOR_CHANNEL_NAME]: { ...simulatorChannelSettings('custom'), agent, cwd: await tempDir() } },
  });
  daemon = await serve({ dataDir, port: 0, rendererDir: RENDERER, logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, detect: async () => [] });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const connected = () => until(() => daemon.engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel to connect');

describe('the simulator, with an agent that needs a login, in Chromium', () => {
  it('says why under the error, shows it on the channel card, and switches to the demo agent with one click', { timeout: 90_000 }, async () => {
    await connected();
    await page.goto(`${daemon.windowLink()}#/simulator`);
    await say('hello');
    const notice = page.getByRole('listitem', { name: 'Simulator' });
    await visible(notice.getByText('fake-agent cannot answer yet: it needs a login.'));
    await visible(page.getByRole('listitem', { name: 'Bot' }).getByText(/needs you to log in before it can start a session/));
    await page.screenshot({ path: join(SHOTS, 'en-simulator-needs-login.png') });

    await page.getByRole('navigation').getByRole('link', { name: /^Channels/ }).click();
    const card = page.getByRole('listitem', { name: SIMULATOR_CHANNEL_NAME });
    await visible(card.getByText('fake-agent needs a login'));
    expect(await card.getByText(/ready$/).count()).toBe(0);

    const zh = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await zh.goto(`${daemon.windowLink()}#/simulator`);
    await visible(zh.getByRole('listitem', { name: '模拟器' }).getByText(/fake-agent/));
    await zh.screenshot({ path: join(SHOTS, 'zh-simulator-needs-login.png') });
    await zh.goto(`${daemon.windowLink()}#/channels`);
    await visible(zh.getByRole('listitem', { name: SIMULATOR_CHANNEL_NAME }).getByText(/fake-agent.*登录/));
    await zh.screenshot({ path: join(SHOTS, 'zh-channels-needs-login.png') });
    await zh.close();

    await page.getByRole('navigation').getByRole('link', { name: /^Simulator/ }).click();
    await notice.getByRole('button', { name: 'Use the demo agent' }).click();
    await until(() => daemon.engine.config.channel(SIMULATOR_CHANNEL_NAME)?.agent.preset === 'demo', 'the channel to be saved with the demo agent');
    await connected();
    await visible(page.getByText(/Say hello\./));
    await say('hello again');
    await visible(page.getByRole('listitem', { name: 'Bot' }).getByText('This is Dingbridge’s built-in demo agent, not a real coding agent.'));
  });
});
