import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { serve, type RunningDaemon } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { SIMULATOR_CHANNEL_NAME } from '../../electron/core/config/defaults.js';
import { FAST_TIMING } from '../core/platform/dingtalk/harness.js';
import { launchChromium } from './browser.js';
import { Relay } from './relay.js';

const RENDERER = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots', import.meta.url));

let dataDir: string;
let daemon: RunningDaemon;
let relay: Relay;
let browser: Browser;
let page: Page;

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });
const gone = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'hidden', timeout });
const nav = (name: RegExp) => page.getByRole('navigation').getByRole('link', { name }).click();
const banner = () => page.getByRole('navigation').getByRole('status');
const card = () => page.getByRole('listitem', { name: SIMULATOR_CHANNEL_NAME });

beforeAll(async () => {
  await access(join(RENDERER, 'index.html')).catch(() => {
    throw new Error('The window is not built: run `npm run build:renderer` (npm test does this first).');
  });
  await mkdir(SHOTS, { recursive: true });
  // The first start's simulator channel with the demo agent: a channel that is running without DingTalk.
  // Not the harness's tempDir, which is removed after each test while this daemon still writes there.
  dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-link-'));
  daemon = await serve({ dataDir, port: 0, rendererDir: RENDERER, logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, detect: async () => [] });
  relay = await Relay.open(daemon.port);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await daemon?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the window in Chromium when it loses the daemon', () => {
  it('shows every live state as unknown while the link is down, and the real one again when it returns', { timeout: 60_000 }, async () => {
    await page.goto(`${relay.url}/${new URL(daemon.windowLink()).search}`);
    await visible(card().getByText('Connected', { exact: true }));
    await expect(card().getByRole('button', { name: 'Stop' }).isEnabled()).resolves.toBe(true);

    await relay.cut();
    await visible(banner().getByText('Lost the connection to Dingbridge. Reconnecting…'));
    await visible(card().getByText('Unknown', { exact: true }));
    await gone(card().getByText('Connected', { exact: true }));
    await expect(card().getByRole('button', { name: 'Stop' }).isDisabled()).resolves.toBe(true);
    await visible(page.getByText(/^Not connected to Dingbridge: this page shows what it knew before/));
    await page.screenshot({ path: join(SHOTS, 'en-channels-disconnected.png') });

    await nav(/Live log/);
    await visible(page.getByText(/^Disconnected from Dingbridge: /));
    await expect(page.getByText(/^\d[\d,]* events$/).count()).resolves.toBe(0);

    // What happens while the window cannot hear it reaches the window only by asking again.
    await daemon.engine.service.stop(SIMULATOR_CHANNEL_NAME);
    await relay.restore();
    await gone(banner(), 15_000);
    await visible(page.getByText(/^\d[\d,]* events$/));
    await nav(/Channels/);
    await visible(card().getByText('Stopped', { exact: true }));
    await visible(card().getByRole('button', { name: 'Start' }));
    await expect(page.getByText(/^Not connected to Dingbridge/).count()).resolves.toBe(0);
  });

  it('says so when the daemon itself stops', { timeout: 30_000 }, async () => {
    await daemon.engine.service.start(SIMULATOR_CHANNEL_NAME);
    await visible(card().getByText('Connected', { exact: true }));
    await daemon.stop();
    await visible(banner().getByText('Lost the connection to Dingbridge. Reconnecting…'));
    await visible(card().getByText('Unknown', { exact: true }));
    await expect(card().getByRole('button', { name: 'Edit' }).isDisabled()).resolves.toBe(true);
  });
});
