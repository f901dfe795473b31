import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { serve, type RunningDaemon } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/logger.js';
import { FAST_TIMING, tempDir, until } from '../core/dingtalk/harness.js';
import { launchChromium } from './browser.js';

const RENDERER = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots', import.meta.url));

let daemon: RunningDaemon;
let browser: Browser;
let page: Page;

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });
const botBubbles = () => page.getByRole('listitem', { name: 'Bot' });
const say = async (text: string) => {
  const box = page.getByRole('textbox', { name: /Write a message/ });
  await box.fill(text);
  await box.press('Enter');
};

beforeAll(async () => {
  await access(join(RENDERER, 'index.html'));
  // No agent installed: "Try it now" must fall back to the built-in demo agent.
  daemon = await serve({
    dataDir: await tempDir(),
    port: 0,
    rendererDir: RENDERER,
    logger: silentLogger,
    channelTuning: { connectionTiming: FAST_TIMING },
    firstRunSimulator: false,
    detect: async () => [],
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

describe('the simulator chat, in Chromium', () => {
  it('tries it now and chats in a DM, in the group with and without a mention, as a stranger, with a picture and a long reply', { timeout: 90_000 }, async () => {
    await page.goto(daemon.url);
    await page.getByRole('button', { name: 'Try it now' }).click();
    await visible(page.getByRole('heading', { name: 'Simulator' }));
    await until(() => daemon.engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel to connect');

    await say('hello bot');
    await visible(botBubbles().getByText('This is Dingbridge’s built-in demo agent, not a real coding agent.'));
    await visible(botBubbles().locator('strong', { hasText: 'This is Dingbridge’s built-in demo agent' }));

    await page.getByLabel('Group chat').check();
    await page.getByLabel('@-mention the bot').uncheck();
    await say('anyone here?');
    await until(
      () => daemon.engine.service.log.recent({ kinds: ['access.decision'] }).some((event) => event.kind === 'access.decision' && event.decision === 'dropped'),
      'the unmentioned group message to be ignored',
    );
    expect(await botBubbles().count()).toBe(0);
    await page.getByLabel('@-mention the bot').check();
    await say('now with a mention');
    await visible(botBubbles().getByText('> now with a mention').or(botBubbles().getByText('now with a mention')));
    await page.screenshot({ path: join(SHOTS, 'en-simulator-group.png') });

    await page.getByLabel('Direct message').check();
    await page.getByLabel('You are').selectOption({ label: 'A stranger (stranger)' });
    await say('let me in');
    await visible(botBubbles().getByText(/Your pairing code is/));
    const code = daemon.engine.service.pairingRequests()[0]?.code ?? '';
    await visible(botBubbles().getByText(code));

    await page.getByLabel('You are').selectOption({ label: '张三 (zhangsan)' });
    await page.getByLabel('Attach a picture or file').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') });
    await visible(page.getByText('📎 screen.png'));
    await page.getByRole('button', { name: 'Send' }).click();
    await visible(botBubbles().getByText('I received 1 image.'));

    const before = await botBubbles().count();
    await say('please give me a long answer');
    const deadline = Date.now() + 20_000;
    while ((await botBubbles().count()) < before + 2) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for a reply in several messages');
      await page.waitForTimeout(100);
    }
    await visible(botBubbles().locator('ol').first());
    await page.screenshot({ path: join(SHOTS, 'en-simulator-dm.png') });
  });

  it('edits the simulator channel in its own form, which asks for no AppKey, and saves it', { timeout: 60_000 }, async () => {
    await page.getByRole('navigation').getByRole('link', { name: /^Channels/ }).click();
    await page.getByRole('listitem', { name: 'simulator' }).getByRole('button', { name: 'Edit' }).click();
    await visible(page.getByRole('heading', { name: 'Edit simulator' }));
    await visible(page.getByText(/needs no AppKey or AppSecret/));
    expect(await page.getByLabel('AppKey (Client ID)').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Test connection' }).count()).toBe(0);
    await page.getByLabel('Only the people on the list below').check();
    await page.getByRole('button', { name: 'Save' }).click();

    await visible(page.getByRole('listitem', { name: 'simulator' }));
    expect(daemon.engine.config.channel('simulator')).toMatchObject({ type: 'simulator', senderPolicy: 'allowlist', allowedUsers: ['zhangsan'] });
    await until(() => daemon.engine.service.channels()[0]?.connection.status === 'connected', 'the saved simulator channel to connect again');
  });
});
