import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { serve, type RunningDaemon } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { createClient, type Api } from '../../electron/contract/client.js';
import { memoryLink } from '../../electron/contract/memory-link.js';
import { FAST_TIMING } from '../core/platform/dingtalk/harness.js';
import { ZHANG, eventually, simulatedChat, simulatorWithFakeAgent } from '../security/simulated-chat.js';
import { launchChromium } from './browser.js';

const RENDERER = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots', import.meta.url));

let dataDir: string;
let daemon: RunningDaemon;
let api: Api;
let browser: Browser;

const visible = (locator: Locator, timeout = 10_000) => locator.first().waitFor({ state: 'visible', timeout });
const stranger = (n: number) => ({ staffId: `stranger${n}`, nick: `陌生人${n}` });

/** The window in a browser speaking `locale`, on the Approvals page. */
async function approvalsPage(locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1180, height: 1400 }, locale });
  await page.goto(daemon.windowLink());
  await page.getByRole('navigation').getByRole('link', { name: locale === 'en-US' ? /Approvals/ : /审批/ }).click();
  return page;
}

/** A stranger writes in the group, and waits for the gate's decision. */
async function strangerWrites(n: number): Promise<string> {
  const { id } = await api['simulator.send']({ channel: 'team', sender: stranger(n), conversation: 'group', text: 'hello' });
  const decision = await eventually(async () => (await api['log.query']({ channel: 'team', kinds: ['access.decision'] })).find((event) => event.kind === 'access.decision' && event.msgId === id), `the decision on stranger ${n}`);
  return decision.kind === 'access.decision' ? (decision.reasonCode ?? decision.reason) : '';
}

beforeAll(async () => {
  await access(join(RENDERER, 'index.html')).catch(() => {
    throw new Error('The window is not built: run `npm run build:renderer` (npm test does this first).');
  });
  await mkdir(SHOTS, { recursive: true });
  // Its own folder, removed after the whole file: the daemon writes its log there until it stops.
  dataDir = await mkdtemp(join(tmpdir(), 'dingbridge-approvals-e2e-'));
  const cwd = await mkdtemp(join(tmpdir(), 'dingbridge-approvals-work-'));
  const team = simulatorWithFakeAgent(cwd, { senderPolicy: 'pairing', allowedUsers: [ZHANG.staffId], permissions: 'ask' });
  await writeFile(join(dataDir, 'config.json'), JSON.stringify({ channels: { team } }));
  daemon = await serve({ dataDir, port: 0, rendererDir: RENDERER, logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, firstRunSimulator: false });
  api = createClient(memoryLink(daemon.engine.dispatch, daemon.engine.subscribe));
  await eventually(async () => (await api['channels.list']()).some((channel) => channel.connection.status === 'connected'), 'the channel to connect');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the Approvals page in Chromium', () => {
  it('lists a command allowed with Always, counts its uses, and asks again once it is revoked', { timeout: 60_000 }, async () => {
    const page = await approvalsPage('en-US');
    const chat = simulatedChat(api, 'team');
    await visible(page.getByText('No command runs without asking.'));

    await api['simulator.send']({ channel: 'team', sender: ZHANG, conversation: 'dm', text: 'ask: npm test' });
    const ask = page.getByRole('listitem', { name: 'team: npm test' });
    await visible(ask);
    await ask.getByRole('button', { name: 'Always' }).click();
    await eventually(async () => (await chat.botSaid('dm', ZHANG)).some((entry) => entry.text === 'permission: allow'), 'the agent to be allowed');

    const remembered = page.getByRole('table', { name: 'Remembered approvals' });
    const row = remembered.getByRole('row').filter({ hasText: 'npm test' });
    await visible(row.getByText('not used yet'));
    // Titled with the command itself: shown once, in its box.
    expect(await row.getByText('npm test').count()).toBe(1);
    await expect(row.getByRole('region', { name: 'Command' }).textContent()).resolves.toBe('npm test');
    await visible(row.getByText('you, in this app'));

    // The same command again runs without asking, and the window counts it.
    await chat.say(ZHANG, 'dm', 'ask: npm test', 'permission: allow');
    await visible(row.getByText('used once'));
    expect(await chat.waiting()).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'en-approvals-remembered.png') });

    await row.getByRole('button', { name: 'Revoke' }).click();
    await visible(page.getByText('No command runs without asking.'));
    expect(await api['permissions.remembered']()).toEqual([]);
    const [revoked] = await api['log.query']({ channel: 'team', kinds: ['agent.permission.revoked'] });
    expect(revoked).toMatchObject({ title: 'npm test', detail: 'npm test' });
    await api['simulator.send']({ channel: 'team', sender: ZHANG, conversation: 'dm', text: 'ask: npm test' });
    await visible(page.getByRole('listitem', { name: 'team: npm test' }));
    await page.getByRole('listitem', { name: 'team: npm test' }).getByRole('button', { name: 'Deny' }).click();
    await page.close();
  });

  it('shows whom a pairing limit refused, lets one in and clears another', { timeout: 60_000 }, async () => {
    const page = await approvalsPage('en-US');
    // At most 3 requests wait from one group: the fourth stranger is refused, and listed.
    for (const n of [1, 2, 3]) expect(await strangerWrites(n)).toBe('pairing-requested');
    expect(await strangerWrites(4)).toBe('pairing-conversation-full');
    const refused = page.getByRole('table', { name: 'Refused requests' });
    const fourth = refused.getByRole('row').filter({ hasText: '陌生人4' });
    await visible(fourth.getByText('Too many waiting from this group'));
    await visible(fourth.getByText('1 message'));
    await page.screenshot({ path: join(SHOTS, 'en-approvals-refused.png') });

    await fourth.getByRole('button', { name: 'Let in' }).click();
    await visible(page.getByRole('table', { name: 'Approved people' }).getByRole('row').filter({ hasText: '陌生人4' }));
    await refused.waitFor({ state: 'detached' });
    expect(await strangerWrites(4)).toBe('approved');

    expect(await strangerWrites(5)).toBe('pairing-conversation-full');
    const fifth = refused.getByRole('row').filter({ hasText: '陌生人5' });
    await visible(fifth);
    await fifth.getByRole('button', { name: 'Clear' }).click();
    await refused.waitFor({ state: 'detached' });
    expect((await api['pairing.list']({ channel: 'team' })).refused).toEqual([]);
    await page.close();
  });

  it('says the same in Chinese', { timeout: 60_000 }, async () => {
    await api['simulator.send']({ channel: 'team', sender: ZHANG, conversation: 'dm', text: 'ask: make check' });
    const ask = await eventually(async () => (await api['permissions.list']())[0], 'the permission request');
    await api['permissions.answer']({ channel: 'team', id: ask.id, decision: 'allow_always' });
    expect(await strangerWrites(6)).toBe('pairing-conversation-full');

    const page = await approvalsPage('zh-CN');
    await visible(page.getByRole('table', { name: '已记住的批准' }).getByRole('row').filter({ hasText: 'make check' }).getByText('尚未使用'));
    await visible(page.getByRole('table', { name: '被拒绝的请求' }).getByText('该群等待中的请求太多'));
    await visible(page.getByRole('table', { name: '已批准的人' }).getByText('陌生人4'));
    await page.screenshot({ path: join(SHOTS, 'zh-approvals-security.png') });
    await page.close();
  });
});
