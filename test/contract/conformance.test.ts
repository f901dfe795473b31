import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Api } from '../../electron/contract/client.js';
import { memoryLink } from '../../electron/contract/memory-link.js';
import { wsLink, type WebSocketLike } from '../../electron/contract/ws-link.js';
import { WS_PATH } from '../../electron/contract/ws-protocol.js';
import { ContractError } from '../../electron/contract/errors.js';
import { startEngine, type Engine } from '../../electron/core/engine/engine.js';
import { JsonFileConfigStore } from '../../electron/core/config/config-store.js';
import { FileSecretStore } from '../../electron/core/secrets/secret-store.js';
import { JsonSettingsStore } from '../../electron/core/config/app-settings-store.js';
import { secretVariableFor } from '../../electron/core/config/config-manager.js';
import { serve } from '../../electron/daemon/serve.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { FAST_TIMING, startFake, tempDir, until } from '../core/platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';
import type { DingTalkSimulator } from '../../electron/core/platform/simulator/dingtalk/index.js';

interface Setup {
  api: Api;
  events: Array<{ name: string; payload: unknown }>;
  dataDir: string;
  fake: DingTalkSimulator;
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

async function engineParts(dataDir: string) {
  return {
    configStore: new JsonFileConfigStore(join(dataDir, 'config.json')),
    secrets: await FileSecretStore.open(join(dataDir, 'secrets.json')),
    settings: await JsonSettingsStore.open(join(dataDir, 'settings.json'), dataDir),
  };
}

const detect = async () => [{ preset: 'qwen' as const, label: 'Qwen Code', command: 'qwen', installed: true, state: 'usable' as const, path: '/usr/bin/qwen', version: '0.24.4', install: 'npm install -g @qwen-code/qwen-code' }];

const transports: Record<string, (dataDir: string) => Promise<Api>> = {
  memory: async (dataDir) => {
    const engine: Engine = await startEngine({ dataDir, mode: 'headless', version: 'test', logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, detect, ...(await engineParts(dataDir)) });
    stops.push(() => engine.close());
    return createClient(memoryLink(engine.dispatch, engine.subscribe));
  },
  websocket: async (dataDir) => {
    const daemon = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'no-renderer'), logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, firstRunSimulator: false });
    stops.push(() => daemon.stop());
    const link = wsLink(`ws://127.0.0.1:${daemon.port}${WS_PATH}?token=${daemon.token}`, (url) => new WebSocket(url) as unknown as WebSocketLike);
    stops.push(async () => link.close());
    return createClient(link);
  },
};

const agent = () => {
  const launch = fakeAgentLaunch();
  return { preset: 'custom', command: launch.command, args: launch.args };
};

describe.each(Object.keys(transports))('the contract over the %s transport', (transport) => {
  /** The current test's project folder, where its channel's agent works. */
  let project = '';
  async function setup(): Promise<Setup> {
    const fake = await startFake();
    const dataDir = await tempDir();
    project = await tempDir();
    const api = await (transports[transport] ?? transports.memory!)(dataDir);
    const events: Setup['events'] = [];
    for (const name of ['log.appended', 'channel.changed', 'pairing.changed', 'permission.requested', 'permission.answered', 'session.changed'] as const) {
      api.on(name, (payload) => events.push({ name, payload }));
    }
    return { api, events, dataDir, fake };
  }

  /** The fake's credentials and hosts, as a channel's DingTalk section. */
  const teamSection = (fake: DingTalkSimulator, extra: Record<string, unknown> = {}) => ({
    clientId: fake.app.clientId,
    clientSecret: fake.app.clientSecret,
    endpoints: fake.endpoints,
    ...extra,
  });

  const teamSettings = (fake: DingTalkSimulator, extra: Record<string, unknown> = {}) => ({
    dingtalk: teamSection(fake),
    senderPolicy: 'pairing',
    permissions: 'ask',
    allowedUsers: ['boss'],
    agent: agent(),
    cwd: project,
    ...extra,
  });

  it('saves a channel: secrets go in, never come out, and the config file holds only a reference', async () => {
    const { api, dataDir, fake } = await setup();
    const saved = await api['channels.save']({ name: 'team', settings: teamSettings(fake) });
    expect(saved.settings?.dingtalk).toEqual({
      clientId: fake.app.clientId,
      endpoints: fake.endpoints,
      clientSecret: { hasSecret: true, last4: fake.app.clientSecret.slice(-4) },
    });
    expect(saved.settings).not.toHaveProperty('clientSecret');
    expect(JSON.stringify(saved)).not.toContain(fake.app.clientSecret);
    const listed = await api['channels.list']();
    expect(listed.map((c) => c.name)).toEqual(['team']);
    expect(JSON.stringify(listed)).not.toContain(fake.app.clientSecret);
    const file = await readFile(join(dataDir, 'config.json'), 'utf8');
    expect(file).not.toContain(fake.app.clientSecret);
    const written = JSON.parse(file).channels.team;
    expect(written.dingtalk).toEqual({ clientId: fake.app.clientId, clientSecret: `$${secretVariableFor('team')}`, endpoints: fake.endpoints });
    for (const key of ['clientId', 'clientSecret', 'endpoints']) expect(written, key).not.toHaveProperty(key);
    const secrets = join(dataDir, 'secrets.json');
    expect(JSON.parse(await readFile(secrets, 'utf8'))).toEqual({ [secretVariableFor('team')]: fake.app.clientSecret });
    expect((await stat(secrets)).mode & 0o777).toBe(0o600);

    const kept = await api['channels.save']({ name: 'team', settings: { ...teamSettings(fake), dingtalk: teamSection(fake, { clientSecret: undefined }), model: 'x' } });
    expect(kept.settings).toMatchObject({ model: 'x', dingtalk: { clientSecret: { hasSecret: true, last4: fake.app.clientSecret.slice(-4) } } });
    expect(JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')).channels.team.dingtalk.clientSecret).toBe(`$${secretVariableFor('team')}`);
  });

  it('refuses invalid settings with problems named by field, saving nothing', async () => {
    const { api, fake, dataDir } = await setup();
    const attempt = api['channels.save']({ name: 'team', settings: { ...teamSettings(fake), senderPolicy: 'everyone', dingtalk: teamSection(fake, { clientId: '' }) } });
    await expect(attempt).rejects.toBeInstanceOf(ContractError);
    const error = (await attempt.catch((e: unknown) => e)) as ContractError;
    expect(error.code).toBe('invalid_input');
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { path: 'senderPolicy', message: 'must be one of "open", "allowlist", "pairing" (got "everyone")', code: 'not_one_of' },
        expect.objectContaining({ path: 'dingtalk.clientId', code: 'empty' }),
      ]),
    );
    await expect(readFile(join(dataDir, 'config.json'), 'utf8')).rejects.toThrow();
  });

  it('runs a channel, streams its state and log, and answers pairing and permission requests', async () => {
    const { api, events, fake } = await setup();
    await api['channels.save']({ name: 'team', settings: teamSettings(fake) });
    await until(() => events.some((e) => e.name === 'channel.changed' && (e.payload as { connection: { status: string } }).connection.status === 'connected'), 'the channel to connect');

    fake.pushMessage({ text: 'hello', sender: { staffId: 'newbie', nick: '小李' } });
    await until(() => events.some((e) => e.name === 'pairing.changed'), 'the pairing event');
    const { pending } = await api['pairing.list']();
    expect(pending).toEqual([expect.objectContaining({ channel: 'team', staffId: 'newbie', nick: '小李' })]);
    expect(pending[0]).not.toHaveProperty('message');
    await api['pairing.approve']({ channel: 'team', code: pending[0]?.code ?? '' });
    expect((await api['pairing.list']()).approved).toEqual([expect.objectContaining({ staffId: 'newbie', via: 'pairing' })]);
    await expect(api['pairing.approve']({ channel: 'team', code: 'NOPE2345' })).rejects.toThrow(/No pending pairing request has the code "NOPE2345"/);

    fake.pushMessage({ text: 'ask: deploy', sender: { staffId: 'boss' } });
    await until(() => events.some((e) => e.name === 'permission.requested'), 'the permission request');
    const [permission] = await api['permissions.list']();
    expect(permission).toMatchObject({ channel: 'team', title: 'deploy' });
    const sessions = await api['sessions.list']({ channel: 'team' });
    expect(sessions.some((s) => s.busy)).toBe(true);
    await api['permissions.answer']({ channel: 'team', id: permission?.id ?? '', decision: 'allow_once' });
    await until(() => fake.outbox.some((m) => m.text === 'permission: allow'), 'the answer to reach the agent');
    expect(events.some((e) => e.name === 'permission.answered')).toBe(true);

    const log = await api['log.query']({ channel: 'team', kinds: ['message.received'] });
    expect(log.map((e) => (e.kind === 'message.received' ? e.senderStaffId : ''))).toContain('newbie');
    expect(events.some((e) => e.name === 'log.appended')).toBe(true);
    const csv = await api['log.export']({ channel: 'team', format: 'csv' });
    expect(csv.fileName).toMatch(/\.csv$/);
    expect(csv.content.split('\n')[0]).toBe('time,channel,kind,conversationId,senderStaffId,nick,detail');
    expect(csv.count).toBeGreaterThan(3);

    const stopped = await api['channels.stop']({ name: 'team' });
    expect(stopped.status).toBe('stopped');
    expect((await api['sessions.clear']({ channel: 'team', key: 'nope' })).ok).toBe(false);
  });

  it('tests a connection with the saved secret, in DingTalk’s words when it is wrong', async () => {
    const { api, fake } = await setup();
    await api['channels.save']({ name: 'team', settings: teamSettings(fake, { enabled: false }) });
    const good = await api['channels.test']({ clientId: fake.app.clientId, name: 'team', endpoints: fake.endpoints });
    expect(good.ok).toBe(true);
    const bad = await api['channels.test']({ clientId: fake.app.clientId, clientSecret: 'wrong', endpoints: fake.endpoints });
    expect(bad.steps[0]?.message).toMatch(/无效的clientId或者clientSecret/);
    await expect(api['channels.test']({ clientId: 'x' })).rejects.toThrow(/Enter the AppSecret/);
  });

  it('removes a channel and its secret', async () => {
    const { api, fake, dataDir } = await setup();
    await api['channels.save']({ name: 'team', settings: teamSettings(fake, { enabled: false }) });
    await api['channels.remove']({ name: 'team' });
    expect(await api['channels.list']()).toEqual([]);
    expect(JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8'))).toEqual({});
    await expect(api['channels.get']({ name: 'team' })).rejects.toThrow('There is no channel "team".');
  });

  it('gives each refusal a reason the window words in its language, keeping the English for the command line', async () => {
    const { api, fake } = await setup();
    await api['channels.save']({ name: 'team', settings: teamSettings(fake, { enabled: false }) });
    const refusal = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error);
    expect(await refusal(api['channels.get']({ name: 'gone' }))).toMatchObject({
      code: 'not_found',
      message: 'There is no channel "gone".',
      reason: { code: 'no-channel', channel: 'gone' },
    });
    expect(await refusal(api['simulator.transcript']({ channel: 'team' }))).toMatchObject({ code: 'not_found', reason: { code: 'not-a-simulator', channel: 'team' } });
    // The channel is saved but not started: nothing of its pairing or approvals is there to change yet.
    expect(await refusal(api['pairing.approve']({ channel: 'team', code: 'NOPE2345' }))).toMatchObject({ code: 'failed', reason: { code: 'channel-not-started', channel: 'team' } });
    expect(await refusal(api['permissions.revoke']({ channel: 'team', id: 'x' }))).toMatchObject({ code: 'not_found', reason: { code: 'channel-not-started', channel: 'team' } });
    expect(await refusal(api['settings.set']({ startAtLogin: true }))).toMatchObject({
      code: 'failed',
      message: expect.stringMatching(/^Start at login belongs to the desktop app/),
      reason: { code: 'start-at-login-headless' },
    });
  });

  it('keeps app settings, and refuses start-at-login without a desktop', async () => {
    const { api, dataDir } = await setup();
    expect(await api['settings.get']()).toEqual({ language: 'system', theme: 'system', startAtLogin: false, apiCallWarning: 4000, dataDir });
    expect(await api['settings.set']({ apiCallWarning: 1500 })).toMatchObject({ apiCallWarning: 1500 });
    await expect((api['settings.set'] as (input: unknown) => Promise<unknown>)({ apiCallWarning: -1 })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await api['settings.set']({ theme: 'dark', language: 'zh-CN' })).toMatchObject({ theme: 'dark', language: 'zh-CN' });
    await expect(api['settings.set']({ startAtLogin: true })).rejects.toThrow(/Start at login belongs to the desktop app/);
    expect(await api['app.status']()).toMatchObject({ mode: 'headless', secretStorage: 'file', logWrite: { ok: true } });
  });

  it('detects agents', async () => {
    const { api } = await setup();
    const agents = await api['agents.detect']();
    expect(agents.length).toBeGreaterThan(0);
  });

  it('answers bad requests with clear errors on both sides', async () => {
    const { api } = await setup();
    await expect(api['channels.get']({ name: '' })).rejects.toThrow(/channels.get: name: name the channel/);
    await expect((api['pairing.approve'] as (input: unknown) => Promise<unknown>)({ channel: 'team' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('the WebSocket transport’s gate', () => {
  async function daemon() {
    const dataDir = await tempDir();
    const running = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'no-renderer'), logger: silentLogger, firstRunSimulator: false });
    stops.push(() => running.stop());
    return running;
  }

  const handshake = (url: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(url, { headers });
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('error', () => undefined);
    });

  it('refuses a missing or wrong token and a foreign origin, and accepts its own page', async () => {
    const running = await daemon();
    const base = `ws://127.0.0.1:${running.port}${WS_PATH}`;
    expect(await handshake(base)).toBe(401);
    expect(await handshake(`${base}?token=${'0'.repeat(running.token.length)}`)).toBe(401);
    expect(await handshake(`${base}?token=${running.token}`, { Origin: 'https://evil.example' })).toBe(403);
    expect(await handshake(`${base}?token=${running.token}`, { Origin: `http://127.0.0.1:${running.port}` })).toBe(101);
    expect(await handshake(`${base}?token=${running.token}`)).toBe(101);
  });

  it('answers garbage and unknown operations with an error instead of closing', async () => {
    const running = await daemon();
    const socket = new WebSocket(`ws://127.0.0.1:${running.port}${WS_PATH}?token=${running.token}`);
    const answers: unknown[] = [];
    socket.on('message', (data) => answers.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send('not json');
    socket.send(JSON.stringify({ id: 'x' }));
    socket.send(JSON.stringify({ id: 7, name: 'channels.explode' }));
    socket.send(JSON.stringify({ id: 8, name: 'channels.list' }));
    await until(() => answers.length === 4, 'four answers');
    expect(answers).toEqual([
      { id: null, result: { ok: false, error: { code: 'invalid_input', message: 'The message is not JSON.' } } },
      { id: null, result: { ok: false, error: expect.objectContaining({ code: 'invalid_input' }) } },
      { id: 7, result: { ok: false, error: { code: 'unknown_operation', message: 'There is no operation "channels.explode".' } } },
      { id: 8, result: { ok: true, value: [] } },
    ]);
    socket.close();
  });

  it('serves a page explaining that the window is not built yet, and nothing outside its folder', async () => {
    const running = await daemon();
    const page = await fetch(`http://127.0.0.1:${running.port}/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build');
    const escape = await fetch(`http://127.0.0.1:${running.port}/..%2f..%2fetc/passwd`);
    expect(escape.status).toBe(404);
  });
});
