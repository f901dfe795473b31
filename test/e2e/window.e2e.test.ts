import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { serve, type RunningDaemon } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { DingTalkSimulator } from '../../electron/core/platform/simulator/dingtalk/index.js';
import { FAST_PING_MS, FAST_TIMING, until } from '../core/platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';
import { launchChromium } from './browser.js';

const RENDERER = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots', import.meta.url));

let fake: DingTalkSimulator;
let daemon: RunningDaemon;
let browser: Browser;
let page: Page;
let dataDir: string;

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });
const nav = async (name: RegExp) => {
  await page.getByRole('navigation').getByRole('link', { name }).click();
};

beforeAll(async () => {
  await access(join(RENDERER, 'index.html')).catch(() => {
    throw new Error('The window is not built: run `npm run build:renderer` (npm test does this first).');
  });
  await mkdir(SHOTS, { recursive: true });
  fake = new DingTalkSimulator({ pingIntervalMs: FAST_PING_MS });
  await fake.start();
  // Its own folder, removed after the whole file: the harness's tempDir() is removed after each test, under the
  // daemon that every test of this file shares and that is still writing its log there.
  dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-window-e2e-'));
  daemon = await serve({ dataDir, port: 0, rendererDir: RENDERER, logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, firstRunSimulator: false });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
  await fake?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the window, as a user drives it in Chromium against the daemon', () => {
  it('walks from the first run to an answered pairing and permission request', { timeout: 90_000 }, async () => {
    await page.goto(daemon.windowLink());
    await visible(page.getByRole('heading', { name: 'Connect a DingTalk bot to your coding agent' }));
    await page.screenshot({ path: join(SHOTS, 'en-first-run.png') });

    await page.getByRole('button', { name: 'Connect a DingTalk bot' }).click();
    await page.getByLabel('Channel name').fill('team');
    await page.getByLabel('AppKey (Client ID)').fill(fake.app.clientId);
    await page.getByLabel('AppSecret (Client Secret)').fill('wrong-secret');
    await page.getByText('Advanced').click();
    await page.getByLabel('API address', { exact: true }).fill(fake.baseUrl);
    await page.getByLabel('Legacy API address').fill(fake.baseUrl);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await visible(page.getByText(/无效的clientId或者clientSecret/));

    await page.getByLabel('AppSecret (Client Secret)').fill(fake.app.clientSecret);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await visible(page.getByText('✔ DingTalk accepted the AppKey and AppSecret.'));

    const launch = fakeAgentLaunch();
    await page.getByLabel('Agent', { exact: true }).selectOption('custom');
    await page.getByLabel('Command').fill(launch.command);
    await page.getByLabel('Arguments').fill(launch.args.join(' '));
    await page.getByLabel('Working folder').fill(await mkdtemp(join(dataDir, 'work-')));
    await page.screenshot({ path: join(SHOTS, 'en-channel-form.png') });
    await page.getByRole('button', { name: 'Save' }).click();
    const card = page.getByRole('listitem', { name: 'team' });
    await visible(card.getByText('Connected'));
    await page.screenshot({ path: join(SHOTS, 'en-channels.png') });

    const pushed = fake.pushMessage({ text: 'say: hello from DingTalk', sender: { staffId: 'newbie', nick: 'Li' } });
    await until(() => fake.outbox.length === 1, 'the pairing code in the DM');

    await nav(/Live log/);
    await visible(page.getByRole('gridcell').getByText(pushed.conversationId));
    await visible(page.getByText('Message: say: hello from DingTalk'));
    await visible(page.getByText(/^Needs pairing \(code [A-Z0-9]+\)$/));
    await page.screenshot({ path: join(SHOTS, 'en-log.png') });

    await nav(/Approvals/);
    const code = (await daemon.engine.service.pairingRequests()[0])?.code ?? '';
    await visible(page.getByText(code));
    await page.screenshot({ path: join(SHOTS, 'en-approvals-pairing.png') });
    await page.getByRole('button', { name: 'Approve' }).click();
    await until(() => fake.outbox.some((message) => message.text === 'hello from DingTalk'), 'the answer to the first message');
    await visible(page.getByText('No one is waiting for approval.'));

    fake.pushMessage({ text: 'ask: npm test', sender: { staffId: 'newbie', nick: 'Li' } });
    const ask = page.getByRole('listitem', { name: 'team: npm test' });
    await visible(ask);
    await page.screenshot({ path: join(SHOTS, 'en-approvals-permission.png') });
    await ask.getByRole('button', { name: 'Allow once' }).click();
    await until(() => fake.outbox.some((message) => message.text === 'permission: allow'), 'the agent to be allowed');

    await nav(/Sessions/);
    await visible(page.getByRole('cell', { name: 'Li' }));
    await page.screenshot({ path: join(SHOTS, 'en-sessions.png') });

    await nav(/Live log/);
    await page.getByPlaceholder('conversationId').fill(pushed.conversationId);
    const expected = (await daemon.engine.service.log.query({ conversationId: pushed.conversationId, limit: 100_000 })).length;
    await visible(page.getByText(`${expected.toLocaleString('en-US')} events`));
    const rows = await page.getByRole('row').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(expected);

    await page.getByRole('row').filter({ hasText: 'Message: ask: npm test' }).getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Send a test message here' }).click();
    await visible(page.getByText(/^Sent \(/));
    await until(() => fake.outbox.some((message) => message.text.startsWith('Test message from Dingbridge')), 'the test message');
  });

  it('switches to Chinese and keeps every page readable', { timeout: 60_000 }, async () => {
    await nav(/Settings/);
    await page.getByLabel('Language').selectOption('zh-CN');
    await visible(page.getByRole('heading', { name: '设置' }));
    await page.screenshot({ path: join(SHOTS, 'zh-settings.png') });
    for (const [name, file] of [
      ['频道', 'zh-channels'],
      ['实时日志', 'zh-log'],
      ['审批', 'zh-approvals'],
      ['会话', 'zh-sessions'],
    ] as const) {
      await nav(new RegExp(name));
      await visible(page.getByRole('heading', { name }));
      await page.screenshot({ path: join(SHOTS, `${file}.png`) });
    }
    await page.getByRole('navigation').getByRole('link', { name: '设置' }).click();
    await page.getByLabel('主题').selectOption('dark');
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: join(SHOTS, 'zh-settings-dark.png') });
    await page.getByLabel('语言').selectOption('en');
    await visible(page.getByRole('heading', { name: 'Settings' }));
  });
});
