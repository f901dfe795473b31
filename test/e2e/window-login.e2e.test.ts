import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { serve, type RunningDaemon } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { SIMULATOR_CHANNEL_NAME } from '../../electron/core/config/defaults.js';
import { WS_PATH } from '../../electron/contract/ws-protocol.js';
import { FAST_TIMING } from '../core/platform/dingtalk/harness.js';
import { launchChromium } from './browser.js';

const RENDERER = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

let dataDir: string;
let daemon: RunningDaemon;
let elsewhere: Server;
let browser: Browser;
let page: Page;

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });
const connectedCard = (on: Page) => visible(on.getByRole('listitem', { name: SIMULATOR_CHANNEL_NAME }).getByText('Connected', { exact: true }));
const start = (port = 0, folder = dataDir, linkLifetimeMs?: number) =>
  serve({ dataDir: folder, port, rendererDir: RENDERER, logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, detect: async () => [], linkLifetimeMs });
const USED = 'This Dingbridge link has already been used, or has expired';

/** A browser that has never opened the window: another person, or this one after it was closed. */
async function freshPage(locale = 'en-US'): Promise<Page> {
  return (await browser.newContext({ viewport: { width: 1280, height: 860 }, locale })).newPage();
}

/** What `dingbridge link` prints for the daemon of this test's data folder, as the operator runs it. */
function linkCommand(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/daemon/cli.ts', 'link', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`dingbridge link exited ${code}:\n${out}`))));
  });
}

/** Whether a page at `url` can open the daemon's socket: what any other page of this browser would try. */
async function socketFrom(url: string, port: number): Promise<string> {
  const other = await page.context().newPage();
  try {
    await other.goto(url);
    return (await other.evaluate(`new Promise((resolve) => {
      const socket = new WebSocket('ws://127.0.0.1:${port}${WS_PATH}');
      socket.onopen = () => resolve('open');
      socket.onclose = () => resolve('refused');
    })`)) as string;
  } finally {
    await other.close();
  }
}

beforeAll(async () => {
  await access(join(RENDERER, 'index.html')).catch(() => {
    throw new Error('The window is not built: run `npm run build:renderer` (npm test does this first).');
  });
  // Its own folder, removed after the whole file: the daemon restarts on it and writes there between tests.
  dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-login-'));
  daemon = await start();
  // Another page on this machine, on another port: the same site to the browser, so it gets the cookie too.
  elsewhere = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<title>elsewhere</title>'));
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  // A context of its own, so other pages can be opened in it: they share its cookies, as tabs do.
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
  elsewhere?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the printed link in Chromium', () => {
  it('leaves neither the address bar nor the tab’s history holding the token, and keeps the key from scripts', { timeout: 30_000 }, async () => {
    const link = daemon.windowLink();
    const code = new URL(link).searchParams.get('login') ?? '';
    expect(link).not.toContain(daemon.token);
    await page.goto(link);
    await connectedCard(page);
    const origin = `http://127.0.0.1:${daemon.port}`;
    expect(page.url()).toBe(`${origin}/`);
    // Evaluated as text: the tests are type-checked without the DOM's types.
    const seen = (await page.evaluate(`({
      href: location.href,
      entries: history.length,
      navigation: performance.getEntriesByType('navigation').map((entry) => entry.name),
      cookie: document.cookie,
    })`)) as { href: string; entries: number; navigation: string[]; cookie: string };
    expect(JSON.stringify(seen)).not.toContain(daemon.token);
    expect(JSON.stringify(seen)).not.toContain(code);
    expect(seen.cookie, 'no script can read the key').toBe('');
    const [cookie] = await page.context().cookies(`${origin}${WS_PATH}`);
    expect(cookie).toMatchObject({ name: `dingbridge-${daemon.port}`, path: WS_PATH, httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toBe(daemon.token);

    // Back leads to where the tab was before, never to the address with the token.
    await page.goBack();
    expect(page.url()).not.toContain(code);
    await page.goForward();
    expect(page.url()).toBe(`${origin}/`);
    await connectedCard(page);
  });

  it('keeps working after a reload, with nothing but the cookie', { timeout: 30_000 }, async () => {
    await page.reload();
    await connectedCard(page);
    await expect(page.getByRole('navigation').getByRole('status').count()).resolves.toBe(0);
  });

  it('lets no page of another origin open the socket, not even one the browser sends the cookie to', { timeout: 30_000 }, async () => {
    const port = (elsewhere.address() as AddressInfo).port;
    expect(await socketFrom(`http://127.0.0.1:${port}/`, daemon.port)).toBe('refused');
    expect(await socketFrom(`http://localhost:${port}/`, daemon.port)).toBe('refused');
    // The daemon's own page, in the same browser, opens it: the refusal is the origin's, not a broken cookie.
    expect(await socketFrom(`http://127.0.0.1:${daemon.port}/`, daemon.port)).toBe('open');
  });

  it('opens nothing from a link already opened, as the browser’s history keeps it, and says how to get a new one', { timeout: 30_000 }, async () => {
    const link = daemon.windowLink();
    await page.goto(link);
    await connectedCard(page);
    const later = await freshPage();
    try {
      await later.goto(link);
      await visible(later.getByRole('heading', { name: USED }));
      await visible(later.getByRole('heading', { name: '这个 Dingbridge 链接已经用过，或已过期' }));
      await visible(later.getByText('dingbridge link', { exact: true }));
      expect(await later.context().cookies(`http://127.0.0.1:${daemon.port}${WS_PATH}`)).toEqual([]);
      // Its "open the window" leads to a page that cannot connect without a link, and says so.
      await later.getByRole('link', { name: 'open the window' }).click();
      await visible(later.getByText(/^If Dingbridge was started again, or this browser was closed, the window needs a new link: run “dingbridge link”/), 20_000);
    } finally {
      await later.context().close();
    }
  });

  it('lets `dingbridge link` give a browser that never opened the window a link that works', { timeout: 60_000 }, async () => {
    const printed = await linkCommand();
    const link = /^UI: (\S+)$/m.exec(printed)?.[1] ?? '';
    expect(printed).toContain('It opens the window once, within 10 minutes.');
    const other = await freshPage('zh-CN');
    try {
      await other.goto(link);
      expect(other.url()).toBe(`http://127.0.0.1:${daemon.port}/`);
      await visible(other.getByRole('listitem', { name: SIMULATOR_CHANNEL_NAME }).getByText('已连接', { exact: true }));
    } finally {
      await other.context().close();
    }
  });

  it('opens nothing from a link nobody opened in time, and says how to get a new one in the browser’s language first', { timeout: 30_000 }, async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dingbridge-login-expired-'));
    const expiring = await start(0, folder, 0);
    const late = await freshPage('zh-CN');
    try {
      await late.goto(expiring.windowLink());
      const headings = late.getByRole('heading', { level: 1 });
      await visible(headings);
      expect(await headings.allTextContents()).toEqual(['这个 Dingbridge 链接已经用过，或已过期', USED]);
      expect(await late.context().cookies(`http://127.0.0.1:${expiring.port}${WS_PATH}`)).toEqual([]);
    } finally {
      await late.context().close();
      await expiring.stop();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('after a restart with a new token, says to open a new link, and works again once it is opened', { timeout: 60_000 }, async () => {
    const port = daemon.port;
    await daemon.stop();
    daemon = await start(port);
    const restarted = page.getByText('If Dingbridge was started again, or this browser was closed, the window needs a new link: run “dingbridge link” where Dingbridge runs, and open the link it prints.');
    await visible(restarted, 20_000);
    // Its retries carry the old launch's cookie, which the new one refuses: after two more, it still says so.
    let retries = 0;
    const countRetry = () => retries++;
    page.on('websocket', countRetry);
    await expect.poll(() => retries, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    page.off('websocket', countRetry);
    await visible(restarted);
    await page.goto(daemon.windowLink());
    expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
    await connectedCard(page);
  });
});
