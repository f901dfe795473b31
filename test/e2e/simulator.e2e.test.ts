import { access, readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { serve, type RunningDaemon } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { FAST_TIMING, tempDir, until } from '../core/platform/dingtalk/harness.js';
import { launchChromium } from './browser.js';
import { createClient } from '../../electron/contract/client.js';
import { memoryLink } from '../../electron/contract/memory-link.js';
import { simulatorChannelSettings } from '../../electron/core/config/defaults.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';

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

/** A real PNG (a colour gradient), so Chromium has a picture to make the thumbnail from. */
function gradientPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set([Math.round((255 * x) / width), Math.round((255 * y) / height), 200], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

// The shapes of the DOM the page functions below use: this file is compiled for Node, without the DOM's types.
interface Box {
  getBoundingClientRect(): { left: number; width: number };
}
interface Probe extends Box {
  textContent: string;
  style: { cssText: string };
  remove(): void;
}
interface OrderedList extends Box {
  start: number;
  children: { length: number };
  lastElementChild: (Box & { append(node: Probe): void; ownerDocument: { createElement(tag: 'span'): Probe } }) | null;
}
const lists = () => page.locator('.bubble .markdown ol');

/** The last number of each of the chat's ordered lists, and those whose marker ("160. ") sticks out of the list's padding. */
const listNumbers = () =>
  lists().evaluateAll((ols: OrderedList[]) =>
    ols.map((ol) => {
      const last = ol.start + ol.children.length - 1;
      const item = ol.lastElementChild;
      if (!item) return { last, outside: false };
      const probe = item.ownerDocument.createElement('span');
      probe.textContent = `${last}. `;
      probe.style.cssText = 'position:absolute;white-space:pre;font-variant-numeric:tabular-nums';
      item.append(probe);
      const markerLeft = item.getBoundingClientRect().left - probe.getBoundingClientRect().width;
      probe.remove();
      return { last, outside: markerLeft < ol.getBoundingClientRect().left - 0.5 };
    }),
  );

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
    await page.goto(daemon.windowLink());
    await page.getByRole('button', { name: 'Try it now' }).click();
    await visible(page.getByRole('heading', { name: 'Simulator' }));
    await until(() => daemon.engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel to connect');

    await say('hello bot');
    await visible(botBubbles().getByText('This is Dingbridge’s built-in demo agent, not a real coding agent.'));
    await visible(botBubbles().locator('strong', { hasText: 'This is Dingbridge’s built-in demo agent' }));

    expect(await page.getByText(/session webhook/i).count()).toBe(0);
    expect(await botBubbles().first().locator('.bubble-head').getAttribute('title')).toBe('Delivered through the session webhook');

    await page.getByLabel('Group chat').check();
    expect(await page.getByLabel('@-mention the bot').isChecked()).toBe(false);
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
    await page.getByLabel('You are').selectOption({ label: '王五 (stranger)' });
    await say('let me in');
    await visible(botBubbles().getByText(/Your pairing code is/));
    const code = daemon.engine.service.pairingRequests()[0]?.code ?? '';
    await visible(botBubbles().getByText(code));

    await page.getByLabel('You are').selectOption({ label: '张三 (zhangsan)' });
    await page.getByLabel('Attach a picture or file').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: gradientPng(640, 400) });
    await visible(page.locator('.composer img.thumbnail'));
    await page.screenshot({ path: join(SHOTS, 'en-simulator-attachment.png') });
    await page.getByRole('button', { name: 'Send' }).click();
    await visible(botBubbles().getByText('I received 1 image.'));
    const thumbnail = page.getByRole('listitem', { name: '张三' }).getByRole('img', { name: 'screen.png' });
    await visible(thumbnail);
    // Decoded, so the window's Content-Security-Policy let the data: URL through.
    expect(await thumbnail.evaluate((img: { complete: boolean; naturalWidth: number; naturalHeight: number }) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([
      true,
      480,
      300,
    ]);
    await page.screenshot({ path: join(SHOTS, 'en-simulator-picture.png') });

    // The bot's own picture: uploaded to the stand-in, read back piece by piece, shown from a blob: URL.
    await say('send me a picture');
    const sent = botBubbles().getByRole('img', { name: 'picture.png' });
    await visible(sent);
    // Decoded, so the Content-Security-Policy let the blob: URL through.
    await sent.evaluate(
      (img: { complete: boolean; naturalWidth: number; decode(): Promise<void> }) =>
        img.decode().then(() => {
          if (img.naturalWidth !== 240) throw new Error(`drawn ${img.naturalWidth} wide`);
        }),
    );
    await page.screenshot({ path: join(SHOTS, 'en-simulator-sent-picture.png') });
    const zh = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await zh.goto(daemon.windowLink());
    await zh.getByRole('navigation').getByRole('link', { name: /模拟器/ }).click();
    await visible(zh.getByRole('listitem', { name: '张三' }).getByRole('img', { name: 'screen.png' }));
    expect(await zh.getByRole('listitem', { name: '机器人' }).first().locator('.bubble-head').getAttribute('title')).toBe('通过会话 Webhook（sessionWebhook）送达');
    await zh.screenshot({ path: join(SHOTS, 'zh-simulator-picture.png') });

    const before = await botBubbles().count();
    await say('please give me a long answer');
    const deadline = Date.now() + 20_000;
    while ((await botBubbles().count()) < before + 2) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for a reply in several messages');
      await page.waitForTimeout(100);
    }
    await visible(botBubbles().locator('ol').first());
    // The answer's later messages may still be on their way: its list runs past 100 once the last has come.
    let numbers = await listNumbers();
    while (Math.max(...numbers.map((list) => list.last)) < 100) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the rest of the long reply (lists end at ${numbers.map((list) => list.last).join(', ')})`);
      await page.waitForTimeout(100);
      numbers = await listNumbers();
    }
    expect(numbers.filter((list) => list.outside)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'en-simulator-dm.png') });

    await zh.reload();
    await visible(zh.getByRole('listitem', { name: '机器人' }).locator('ol').first());
    expect(await zh.getByText(/webhook/i).count()).toBe(0);
    await zh.getByRole('radio', { name: '群聊' }).check();
    expect(await zh.getByRole('checkbox', { name: '@ 机器人' }).isChecked()).toBe(false);
    await zh.getByRole('radio', { name: '单聊' }).check();
    await visible(zh.getByRole('listitem', { name: '机器人' }).locator('ol').first());
    await zh.screenshot({ path: join(SHOTS, 'zh-simulator-dm.png') });
    await zh.close();
  });

  it('exports the chat’s log, and the Export menu closes once the download starts', { timeout: 30_000 }, async () => {
    await page.getByRole('navigation').getByRole('link', { name: /Live log/ }).click();
    const menu = page.locator('details.menu', { hasText: 'Export' });
    await menu.locator('summary').click();
    await visible(page.getByRole('button', { name: 'CSV' }));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    expect(await readFile((await file.path()) ?? '', 'utf8')).toContain('cidSimulatedGroup');
    expect(await menu.evaluate((details: { open: boolean }) => details.open)).toBe(false);
    expect(await page.getByRole('button', { name: 'CSV' }).isVisible()).toBe(false);

    await menu.locator('summary').click();
    await visible(page.getByRole('button', { name: 'JSONL' }));
    await page.getByRole('heading', { name: 'Live log' }).click();
    expect(await menu.evaluate((details: { open: boolean }) => details.open)).toBe(false);
    await page.getByRole('navigation').getByRole('link', { name: /Simulator/ }).click();
  });

  it('tells each message’s story in the live log, opened to its steps and reply, in English and Chinese', { timeout: 60_000 }, async () => {
    await page.getByRole('navigation').getByRole('link', { name: /Live log/ }).click();
    const row = (text: string) => page.getByRole('row').filter({ hasText: `Message: ${text}` });
    await visible(row('hello bot').getByText(/^Answered in (under )?\d+(\.\d)? s$/));
    await visible(row('anyone here?').getByText('Ignored: The bot was not @-mentioned, and this group requires it'));
    await visible(row('let me in').getByText(/^Needs pairing \(code [A-Z0-9]+\)$/));
    await visible(row('now with a mention').getByText('Dingbridge 测试群'));

    await row('hello bot').getByRole('button', { name: 'Show what happened' }).click();
    await visible(page.getByRole('gridcell').getByText('Agent started working'));
    await visible(page.getByRole('gridcell').getByText('Reply sent via webhook'));
    await visible(page.locator('.story-detail').getByText(/This is Dingbridge’s built-in demo agent/));
    await page.screenshot({ path: join(SHOTS, 'en-log-story.png') });

    await page.getByPlaceholder('conversationId').fill('cidSimulatedGroup');
    await visible(row('anyone here?'));
    expect(await row('hello bot').count()).toBe(0);
    await page.getByPlaceholder('conversationId').fill('');

    const zh = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await zh.goto(daemon.windowLink());
    await zh.getByRole('navigation').getByRole('link', { name: /实时日志/ }).click();
    const zhRow = (text: string) => zh.getByRole('row').filter({ hasText: `消息：${text}` });
    await visible(zhRow('hello bot').getByText(/^已回复，用时 (不到 )?\d+(\.\d)? 秒$/));
    await visible(zhRow('anyone here?').getByText('已忽略：没有 @机器人，而该群要求 @ 才回复'));
    await zhRow('please give me a long answer').getByRole('button', { name: '展开经过' }).click();
    await visible(zh.locator('.story-detail').getByText('发出的内容').first());
    await zh.screenshot({ path: join(SHOTS, 'zh-log-story.png') });
    await zh.close();
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

  it('shows an answer in an AI card growing as the agent writes it, then finished', { timeout: 60_000 }, async () => {
    const api = createClient(memoryLink(daemon.engine.dispatch, daemon.engine.subscribe));
    const { command, args } = fakeAgentLaunch();
    // The scripted agent, which takes its time, rather than the demo, which answers all at once.
    const settings = { ...simulatorChannelSettings('custom'), agent: { preset: 'custom', command, args }, replyStyle: 'card', dingtalk: { card: { intervalMs: 300 } } };
    await api['channels.save']({ name: 'simulator', settings });
    await until(() => daemon.engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel to connect with cards');
    await page.getByRole('navigation').getByRole('link', { name: /Simulator/ }).click();

    await say(['say: Looking at the failing test first.', 'tool: Read src/date.ts', 'slow: 1500', 'say: It expects **UTC**, but the code uses local time.', 'slow: 1500', 'say: Fixed: `formatDate` now uses UTC.'].join('\n'));
    const card = page.locator('.bubble.card');
    await visible(card.locator('.card-state', { hasText: 'Writing…' }));
    await visible(card.getByText('Looking at the failing test first.'));
    expect(await card.getByRole('button').filter({ hasText: 'Stop' }).count()).toBe(1);
    expect(await card.textContent()).not.toContain('now uses UTC');

    await visible(page.locator('.bubble.card.finished').getByText('now uses UTC', { exact: false }), 15_000);
    expect(await card.count()).toBe(1);
    expect(await card.locator('.card-state').count()).toBe(0);
    expect(await card.getByRole('button').filter({ hasText: 'Stop' }).count()).toBe(0);
    expect(await card.locator('strong', { hasText: 'UTC' }).count()).toBe(1);
    // Its whole text shows: the bubble is as tall as what it holds, not squeezed by the scrolling list.
    expect(await card.evaluate((bubble: { scrollHeight: number; clientHeight: number }) => bubble.scrollHeight - bubble.clientHeight)).toBeLessThanOrEqual(1);
  });
});
