import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import { createClient, type Api } from '../electron/contract/client.js';
import { wsLink, type WebSocketLike } from '../electron/contract/ws-link.js';
import { WS_PATH } from '../electron/contract/ws-protocol.js';
import { JsonFileConfigStore } from '../electron/core/config/config-store.js';
import { SIMULATOR_CHANNEL_NAME, simulatorChannelSettings } from '../electron/core/config/defaults.js';
import type { LogEvent } from '../electron/core/events/event-schema.js';
import { launchChromium } from '../test/e2e/browser.js';
import { startServe, stopServe, type ServedDaemon } from './daemon-process.js';
import { writeLogHistory } from './log-history.js';
import { atMost, summarize, type Reading, type Summary } from './stats.js';

const HISTORY = 100_000;
const ROW_HEIGHT = 40;
/** Typed into the log's search box: every message the benchmark sends has it. */
const SEARCH = 'bench';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A dot a second on stderr while `work` runs, so a long wait shows it is alive. */
async function withDots<T>(work: Promise<T>): Promise<T> {
  const dots = setInterval(() => process.stderr.write('.'), 1_000);
  try {
    return await work;
  } finally {
    clearInterval(dots);
    process.stderr.write('\n');
  }
}

/** The contract over the daemon's WebSocket, as the CLI reaches it. */
function connectApi(windowUrl: string): { api: Api; close(): void } {
  const { host, searchParams } = new URL(windowUrl);
  const link = wsLink(`ws://${host}${WS_PATH}?token=${encodeURIComponent(searchParams.get('token') ?? '')}`, (url) => new WebSocket(url) as unknown as WebSocketLike);
  return { api: createClient(link), close: () => link.close() };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await settle(20);
  }
}

/**
 * Navigates to the live log and waits until it holds the whole history and draws its newest row: milliseconds
 * from the start of navigation, by the page's own clock, checked every frame. (The window's CSP forbids eval,
 * so the check runs as one evaluated promise rather than through Playwright's polling.)
 */
async function loadLog(page: Page, url: string): Promise<number> {
  await page.goto(`${url}#/log`);
  return page.evaluate(`new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('the log did not show ${HISTORY} events within 5 minutes')), 300000);
    const check = () => {
      const grid = document.querySelector('[role="grid"]');
      if (grid?.getAttribute('aria-rowcount') === '${HISTORY}' && grid.querySelector('[aria-rowindex="${HISTORY}"]')) resolve(performance.now());
      else requestAnimationFrame(check);
    };
    check();
  })`) as Promise<number>;
}

/** True when the list shows its last row and offers no "Jump to newest": it follows new events. */
const following = (page: Page): Promise<boolean> =>
  page.evaluate(`(() => {
    const grid = document.querySelector('[role="grid"]');
    const atBottom = grid.scrollTop + grid.clientHeight >= grid.scrollHeight - ${ROW_HEIGHT};
    return atBottom && !document.querySelector('.follow-bar');
  })()`) as Promise<boolean>;

/**
 * From now on, until `stopWatching`, the page notes every row added to the list: its text, when it entered
 * the DOM, and when the frame that draws it was painted (a task posted from that frame's animation callback
 * runs once the frame's paint is done).
 */
const watchRows = (page: Page): Promise<unknown> =>
  page.evaluate(`(() => {
    window.__rows = [];
    const drawn = [];
    const afterPaint = new MessageChannel();
    afterPaint.port1.onmessage = () => {
      const now = Date.now();
      for (const row of drawn.splice(0)) row.painted = now;
    };
    window.__watcher = new MutationObserver((records) => {
      const inDom = Date.now();
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1 || node.getAttribute('role') !== 'row') continue;
          const row = { text: node.textContent, inDom, painted: 0 };
          window.__rows.push(row);
          requestAnimationFrame(() => {
            drawn.push(row);
            afterPaint.port2.postMessage(null);
          });
        }
      }
    });
    window.__watcher.observe(document.querySelector('[role="grid"]'), { childList: true, subtree: true });
  })()`);

const stopWatching = (page: Page): Promise<unknown> => page.evaluate('window.__watcher.disconnect()');

interface SeenRow {
  text: string;
  inDom: number;
  painted: number;
}

const seenRows = (page: Page): Promise<SeenRow[]> => page.evaluate('window.__rows') as Promise<SeenRow[]>;

const ZHANGSAN = { staffId: 'zhangsan', nick: '张三' };
const LISI = { staffId: 'lisi', nick: '李四' };

/**
 * The n-th message, each text unique so its row can be recognised: Zhang San (allowed) asks in his DM and,
 * @-mentioning the bot, in the group; the rest is group chatter that does not mention the bot. Each
 * conversation gets fewer than DingTalk's 20 replies a minute, so no reply waits out the rate limit.
 */
function nthMessage(n: number) {
  const text = n % 2 ? `bench ${n}: why does the build fail on CI?` : `bench ${n}：帮我看一下 src/index.ts 里的类型错误`;
  if (n % 5 === 0) return { sender: ZHANGSAN, conversation: 'dm' as const, mention: true, text };
  if (n % 5 === 2) return { sender: ZHANGSAN, conversation: 'group' as const, mention: true, text };
  return { sender: n % 5 === 4 ? ZHANGSAN : LISI, conversation: 'group' as const, mention: false, text };
}

/** Whether the pipeline is done with the message whose text is `text`: dropped at the gate, or its turn finished. */
function handled(events: readonly LogEvent[], text: string): boolean {
  const received = events.find((event) => event.kind === 'message.received' && event.preview === text);
  if (!received || received.kind !== 'message.received') return false;
  return events.some(
    (event) =>
      (event.kind === 'access.decision' && event.msgId === received.msgId && event.decision !== 'admitted') ||
      (event.kind === 'agent.turn.finished' && event.msgIds.includes(received.msgId)),
  );
}

/**
 * Sends simulator messages `from`… one at a time through the daemon's whole pipeline (the next once the last
 * is handled and all its rows are painted). Of the events they cause, those that `shows` keeps get a row;
 * returns, for each of those, how long after the engine appended it its row entered the DOM, and was painted.
 */
async function newEventsOnScreen(page: Page, api: Api, from: number, messages: number, shows: (event: LogEvent) => boolean): Promise<{ inDom: number[]; painted: number[] }> {
  const appended: LogEvent[] = [];
  const stop = api.on('log.appended', (event) => appended.push(event));
  const expected = () => appended.filter(shows);
  await watchRows(page);
  try {
    for (let n = from; n < from + messages; n++) {
      const message = nthMessage(n);
      await api['simulator.send']({ channel: SIMULATOR_CHANNEL_NAME, ...message });
      await until(() => handled(appended, message.text), `message ${n} to be handled`, 15_000);
      await until(
        async () => {
          const rows = await seenRows(page);
          return rows.length >= expected().length && rows.every((row) => row.painted > 0);
        },
        `the rows of message ${n}`,
        5_000,
      );
      if ((n - from) % 10 === 9) process.stderr.write(`${n - from + 1} `);
    }
  } finally {
    stop();
    await stopWatching(page);
  }
  const rows = await seenRows(page);
  const events = expected();
  if (rows.length !== events.length) throw new Error(`${events.length} events were appended for the view but ${rows.length} rows were added`);
  events.forEach((event, i) => {
    const text = rows[i]?.text ?? '';
    if (event.kind === 'message.received' && !text.includes(event.preview)) throw new Error(`row ${i} is not the message "${event.preview}": ${text}`);
  });
  const after = (pick: (row: SeenRow) => number) => rows.map((row, i) => pick(row) - (events[i] as LogEvent).at);
  return { inDom: after((row) => row.inDom), painted: after((row) => row.painted) };
}

/** requestAnimationFrame intervals while nothing moves: the pacing this browser gives the page. */
const idleFrames = (page: Page, seconds: number): Promise<number[]> =>
  page.evaluate(`new Promise((resolve) => {
    const deltas = [];
    let previous;
    let start;
    const tick = (now) => {
      if (previous !== undefined) deltas.push(now - previous);
      previous = now;
      start ??= now;
      if (now - start >= ${seconds * 1000}) return resolve(deltas);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`) as Promise<number[]>;

/**
 * Scrolls the list from the top by `pixelsPerFrame` every frame for `seconds`, jumping to each of `jumps`
 * (fractions of the way down) on the way, as a user flinging the wheel and dragging the scrollbar would.
 * Returns the interval before each frame and how many frames showed the viewport not covered by rows.
 */
const scrollFrames = (page: Page, seconds: number, pixelsPerFrame: number, jumps: number[]): Promise<{ intervals: number[]; blank: number }> =>
  page.evaluate(`new Promise((resolve) => {
    const grid = document.querySelector('[role="grid"]');
    const jumps = ${JSON.stringify(jumps)};
    const intervals = [];
    let blank = 0;
    let previous;
    let start;
    let jumped = 0;
    const covered = () => {
      const indexes = [...grid.querySelectorAll('[role="row"]')].map((row) => Number(row.getAttribute('aria-rowindex')));
      const top = (Math.min(...indexes) - 1) * ${ROW_HEIGHT};
      const bottom = Math.max(...indexes) * ${ROW_HEIGHT};
      return top <= grid.scrollTop && bottom >= Math.min(grid.scrollTop + grid.clientHeight, grid.scrollHeight);
    };
    const tick = (now) => {
      if (previous !== undefined) {
        intervals.push(now - previous);
        if (!covered()) blank++;
      }
      previous = now;
      start ??= now;
      const elapsed = now - start;
      if (elapsed >= ${seconds * 1000}) return resolve({ intervals, blank });
      const due = Math.floor((elapsed / ${seconds * 1000}) * (jumps.length + 1));
      if (due > jumped) {
        jumped = due;
        grid.scrollTop = jumps[due - 1] * (grid.scrollHeight - grid.clientHeight);
      } else {
        grid.scrollTop += ${pixelsPerFrame};
      }
      requestAnimationFrame(tick);
    };
    grid.scrollTop = 0;
    requestAnimationFrame(() => requestAnimationFrame(tick));
  })`) as Promise<{ intervals: number[]; blank: number }>;

/** The page's JavaScript heap after a full collection, in MB. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  } finally {
    await cdp.detach();
  }
}

/**
 * The live log as a user of a busy bot sees it, in Chromium against the built daemon: 100,000 past events
 * written by the app's own event log, a simulator channel to make new ones, then how long the page takes to
 * hold them all, how soon a new event is drawn, and how evenly frames come while the list scrolls.
 */
export async function logView(messages = 60): Promise<{ summaries: Summary[]; readings: Reading[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-bench-log-'));
  let daemon: ServedDaemon | undefined;
  let browser: Browser | undefined;
  let client: { api: Api; close(): void } | undefined;
  try {
    console.error(`Writing ${HISTORY.toLocaleString('en')} past events…`);
    await writeLogHistory(join(dataDir, 'logs'), HISTORY);
    // The settings a first start writes when no agent is installed: the simulator with the demo agent.
    await new JsonFileConfigStore(join(dataDir, 'config.json')).write({ channels: { [SIMULATOR_CHANNEL_NAME]: simulatorChannelSettings('demo') } });
    daemon = await startServe(['--data-dir', dataDir, '--port', '0']);
    client = connectApi(daemon.url);
    const { api } = client;
    await until(async () => (await api['channels.list']()).some((channel) => channel.connection.status === 'connected'), 'the simulator channel to connect', 30_000);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    console.error('Loading the live log');
    const loadMs = await withDots(loadLog(page, daemon.url));
    const heap = await heapMb(page);
    if (!(await following(page))) throw new Error('The live log does not follow the newest events after loading');

    console.error(`Sending ${messages} messages one at a time`);
    const latency = await withDots(newEventsOnScreen(page, api, 0, messages, () => true));
    if (!(await following(page))) throw new Error('The live log stopped following the newest events');

    // The page's search reads each whole event, as the window's own filter does.
    console.error(`Searching for "${SEARCH}", then sending ${messages / 2} more`);
    await page.getByRole('searchbox', { name: 'Search' }).fill(SEARCH);
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    const searching = await withDots(newEventsOnScreen(page, api, messages, messages / 2, (event) => JSON.stringify(event).toLowerCase().includes(SEARCH)));
    await page.getByRole('searchbox', { name: 'Search' }).fill('');

    console.error('Scrolling');
    const idle = await idleFrames(page, 2);
    const scrolled = await withDots(scrollFrames(page, 8, 3 * ROW_HEIGHT, [0.9, 0.25, 0.6, 0.05]));
    const slow = scrolled.intervals.filter((interval) => interval > 33).length;
    const n = HISTORY.toLocaleString('en');
    return {
      summaries: [
        summarize('log: new event → its row in the DOM', latency.inDom, 'ms', [atMost('p99', 100)]),
        summarize('log: new event → its row painted', latency.painted, 'ms', [atMost('p99', 100)]),
        summarize('log: new event → its row in the DOM, searching', searching.inDom, 'ms', [atMost('p99', 100)]),
        summarize('log: new event → its row painted, searching', searching.painted, 'ms', [atMost('p99', 100)]),
        summarize('log: frame interval, idle', idle, 'ms'),
        summarize(`log: frame interval scrolling ${n} rows`, scrolled.intervals, 'ms', [atMost('p99', 33)]),
      ],
      readings: [
        { name: `log: navigation → ${n} events shown`, value: loadMs, unit: 'ms' },
        { name: `log: page JS heap with ${n} events`, value: heap, unit: 'MB' },
        { name: 'log: frames over 33 ms while scrolling', value: (100 * slow) / scrolled.intervals.length, unit: '%', atMost: 1 },
        { name: 'log: frames with rows missing from view while scrolling', value: scrolled.blank, unit: 'frames', atMost: 0 },
      ],
    };
  } finally {
    client?.close();
    await browser?.close();
    if (daemon) await stopServe(daemon.process);
    await rm(dataDir, { recursive: true, force: true });
  }
}
