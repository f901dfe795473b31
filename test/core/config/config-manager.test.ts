import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Api } from '../../../electron/contract/client.js';
import { memoryLink } from '../../../electron/contract/memory-link.js';
import { startEngine, type Engine } from '../../../electron/core/engine/engine.js';
import { ConfigManager, secretVariableFor } from '../../../electron/core/config/config-manager.js';
import { JsonFileConfigStore } from '../../../electron/core/config/config-store.js';
import { ConfigError } from '../../../electron/core/config/config-errors.js';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store.js';
import { JsonSettingsStore } from '../../../electron/core/config/app-settings-store.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { FAST_TIMING, startFake, tempDir, until } from '../platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../agents/fake-agent-launch.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as { channels: Record<string, Record<string, unknown>> };

/** A data folder whose config file holds `config` as written, and whose secret store holds `secrets`. */
async function dataDirWith(config: unknown, secrets: Record<string, string> = {}) {
  const dataDir = await tempDir();
  const file = join(dataDir, 'config.json');
  const secretsFile = join(dataDir, 'secrets.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  const store = await FileSecretStore.open(secretsFile);
  for (const [name, value] of Object.entries(secrets)) await store.set(name, value);
  return { dataDir, file, secretsFile };
}

async function managerFor(file: string, secretsFile: string, dataDir?: string) {
  const manager = new ConfigManager(new JsonFileConfigStore(file), await FileSecretStore.open(secretsFile), {}, dataDir);
  return { manager, loaded: await manager.load() };
}

async function engineIn(dataDir: string, file: string, strict = false): Promise<{ engine: Engine; api: Api }> {
  const engine = await startEngine({
    dataDir,
    mode: 'headless',
    version: 'test',
    logger: silentLogger,
    strict,
    channelTuning: { connectionTiming: FAST_TIMING },
    detect: async () => [],
    configStore: new JsonFileConfigStore(file),
    secrets: await FileSecretStore.open(join(dataDir, 'secrets.json')),
    settings: await JsonSettingsStore.open(join(dataDir, 'settings.json'), dataDir),
    env: {},
  });
  engines.push(engine);
  return { engine, api: createClient(memoryLink(engine.dispatch, engine.subscribe)) };
}

const OLD_SECRET = 'old-app-secret-0123456789';

describe('a config file written before channels had a dingtalk section', () => {
  it('loads, and its channel connects to DingTalk and answers with the credentials and hosts written the old way', async () => {
    const fake = await startFake();
    const project = await tempDir();
    const launch = fakeAgentLaunch();
    const { dataDir, file } = await dataDirWith(
      {
        channels: {
          team: {
            clientId: fake.app.clientId,
            clientSecret: `$${secretVariableFor('team')}`,
            endpoints: fake.endpoints,
            senderPolicy: 'open',
            cwd: project,
            agent: { preset: 'custom', command: launch.command, args: launch.args },
          },
        },
      },
      { [secretVariableFor('team')]: fake.app.clientSecret },
    );
    const { engine, api } = await engineIn(dataDir, file, true);
    expect(engine.config.channel('team')?.dingtalk).toEqual({
      clientId: fake.app.clientId,
      clientSecret: fake.app.clientSecret,
      robotCode: fake.app.clientId,
      endpoints: fake.endpoints,
      tables: 'text',
      card: { templateId: '382e4302-551d-4880-bf29-a30acfab2e71.schema', contentKey: 'msgContent', intervalMs: 1000 },
      maxDownloadMB: 50,
    });
    await until(() => engine.service.channels().find((channel) => channel.name === 'team')?.connection.status === 'connected', 'the channel of the old file to connect');
    expect((await api['channels.list']()).map((channel) => [channel.name, channel.status])).toEqual([['team', expect.not.stringMatching(/failed/)]]);
    fake.pushMessage({ text: 'say: read the old way', sender: { staffId: 'boss' } });
    await until(() => fake.outbox.find((message) => message.text.includes('read the old way')), 'the reply of the channel of the old file', 15_000);
    // Loading did not rewrite the file: only a save does.
    expect((await readJson(file)).channels.team).toHaveProperty('clientId', fake.app.clientId);
  });

  it('is written back in the new shape, its secret reference kept, when another channel is saved', async () => {
    const project = await tempDir();
    const variable = secretVariableFor('old');
    const old = {
      clientId: 'dingold',
      clientSecret: `$${variable}`,
      robotCode: 'dingrobot',
      endpoints: { api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:10' },
      tables: 'code',
      senderPolicy: 'open',
      enabled: false,
      cwd: project,
    };
    const { dataDir, file, secretsFile } = await dataDirWith({ channels: { old } }, { [variable]: OLD_SECRET });
    const { manager, loaded } = await managerFor(file, secretsFile, dataDir);
    expect(loaded.invalid).toEqual({});
    expect(loaded.channels.old?.dingtalk.clientSecret).toBe(OLD_SECRET);

    await manager.saveChannel('other', { type: 'simulator', enabled: false });
    const written = (await readJson(file)).channels;
    expect(written.old).toEqual({
      dingtalk: {
        clientId: 'dingold',
        clientSecret: `$${variable}`,
        robotCode: 'dingrobot',
        endpoints: { api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:10' },
        tables: 'code',
      },
      senderPolicy: 'open',
      enabled: false,
      cwd: project,
    });
    expect(written.other).toEqual({ type: 'simulator', enabled: false });
    expect(await readFile(file, 'utf8')).not.toContain(OLD_SECRET);
    // The secret stays in the store, and the file as written now reads back to the same channel.
    expect(JSON.parse(await readFile(secretsFile, 'utf8'))).toEqual({ [variable]: OLD_SECRET });
    const again = await managerFor(file, secretsFile, dataDir);
    expect(again.loaded.invalid).toEqual({});
    expect(again.loaded.channels.old).toEqual(loaded.channels.old);
  });

  it('takes settings written the old way when saving a channel, keeping its AppSecret in the secret store', async () => {
    const project = await tempDir();
    const { dataDir, file, secretsFile } = await dataDirWith({ channels: {} });
    const { manager } = await managerFor(file, secretsFile, dataDir);
    const variable = secretVariableFor('team');
    await manager.saveChannel('team', { clientId: 'dingabc', clientSecret: ' typed-secret-4321 ', tables: 'keep', enabled: false, cwd: project });
    expect((await readJson(file)).channels.team).toEqual({ dingtalk: { clientId: 'dingabc', clientSecret: `$${variable}`, tables: 'keep' }, enabled: false, cwd: project });
    expect(JSON.parse(await readFile(secretsFile, 'utf8'))).toEqual({ [variable]: 'typed-secret-4321' });
    // Saved again the new way without an AppSecret: the saved one is kept.
    await manager.saveChannel('team', { dingtalk: { clientId: 'dingabc' }, enabled: false, cwd: project, model: 'm' });
    expect((await readJson(file)).channels.team).toEqual({ dingtalk: { clientId: 'dingabc', clientSecret: `$${variable}` }, enabled: false, cwd: project, model: 'm' });
    expect(manager.resolvedSecret('team')).toBe('typed-secret-4321');
  });
});

describe('a DingTalk setting written both at the top level and in the section', () => {
  const twice = (project: string) => ({
    channels: {
      team: { clientId: 'dingflat', dingtalk: { clientId: 'dingsection', clientSecret: 'section-secret-5678' }, cwd: project },
      lab: { type: 'simulator', enabled: false },
    },
  });

  it('is one written_twice problem at the top-level path, and the channel is not started', async () => {
    const project = await tempDir();
    const { dataDir, file, secretsFile } = await dataDirWith(twice(project));
    const { loaded } = await managerFor(file, secretsFile, dataDir);
    expect(Object.keys(loaded.channels)).toEqual(['lab']);
    expect(loaded.invalid).toEqual({
      team: [{ path: 'channels.team.clientId', code: 'written_twice', message: expect.stringContaining('"dingtalk.clientId"') }],
    });

    const { engine, api } = await engineIn(dataDir, file);
    expect(() => engine.service.channel('team')).toThrow();
    const listed = await api['channels.list']();
    expect(listed.find((channel) => channel.name === 'team')).toMatchObject({ status: 'failed', connection: { status: 'stopped' } });
    const viewed = await api['channels.get']({ name: 'team' });
    expect(viewed.problems).toEqual([expect.objectContaining({ path: 'channels.team.clientId', code: 'written_twice' })]);
    expect(JSON.stringify(viewed)).not.toContain('section-secret');
  });

  it('refuses a strict start, and is kept in both places when another channel is saved: which one was meant is the operator’s call', async () => {
    const project = await tempDir();
    const { dataDir, file, secretsFile } = await dataDirWith(twice(project));
    const strict = await engineIn(dataDir, file, true).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(strict).toBeInstanceOf(ConfigError);
    expect((strict as ConfigError).problems).toEqual([expect.objectContaining({ path: 'channels.team.clientId', code: 'written_twice' })]);

    const { manager } = await managerFor(file, secretsFile, dataDir);
    await manager.saveChannel('lab', { type: 'simulator', enabled: false, model: 'm' });
    expect((await readJson(file)).channels.team).toEqual(twice(project).channels.team);
  });

  it('keeps the section’s value when a channel is saved from the window that way: it is the one the window showed', async () => {
    const project = await tempDir();
    const { dataDir, file, secretsFile } = await dataDirWith({ channels: {} });
    const { manager } = await managerFor(file, secretsFile, dataDir);
    await manager.saveChannel('team', { clientSecret: 'flat-secret-1111', tables: 'keep', dingtalk: { clientId: 'dingabc', clientSecret: 'section-secret-2222', tables: 'code' }, cwd: project });
    const written = (await readJson(file)).channels.team;
    expect(written).toEqual({ dingtalk: { clientId: 'dingabc', clientSecret: `$${secretVariableFor('team')}`, tables: 'code' }, cwd: project });
    expect(await readFile(secretsFile, 'utf8')).not.toContain('flat-secret');
    expect(manager.resolvedSecret('team')).toBe('section-secret-2222');
  });
});

describe('the settings a window is shown', () => {
  it('never hold an AppSecret, whether in the section, at the top level, or written twice', async () => {
    const project = await tempDir();
    const saved = secretVariableFor('saved');
    const { dataDir, file, secretsFile } = await dataDirWith(
      {
        channels: {
          // Written twice: both secrets are plain text in the file.
          twice: { clientSecret: 'flat-secret-AAAA', dingtalk: { clientId: 'dingabc', clientSecret: 'section-secret-BBBB' }, cwd: project },
          // Written the old way, the secret in plain text at the top level.
          old: { clientId: 'dingabc', clientSecret: 'old-plain-secret-CCCC', cwd: project },
          // A stray secret beside a section written as null, which counts as none.
          stray: { type: 'simulator', clientSecret: 'stray-secret-DDDD', dingtalk: null },
          // Written the new way, the secret in the store.
          saved: { dingtalk: { clientId: 'dingabc', clientSecret: `$${saved}` }, cwd: project },
        },
      },
      { [saved]: 'stored-secret-EEEE' },
    );
    const { manager } = await managerFor(file, secretsFile, dataDir);
    const views = Object.fromEntries(['twice', 'old', 'stray', 'saved'].map((name) => [name, manager.settingsView(name)]));
    for (const [name, view] of Object.entries(views)) {
      expect(JSON.stringify(view), name).not.toMatch(/flat-secret|section-secret|old-plain-secret|stray-secret|stored-secret/);
      expect(view, name).not.toHaveProperty('clientSecret');
    }
    expect(views.twice).toEqual({ dingtalk: { clientId: 'dingabc', clientSecret: { hasSecret: true } }, cwd: project });
    expect(views.old).toEqual({ dingtalk: { clientId: 'dingabc', clientSecret: { hasSecret: true, last4: 'CCCC' } }, cwd: project });
    expect(views.stray).toEqual({ type: 'simulator', dingtalk: { clientSecret: { hasSecret: true, last4: 'DDDD' } } });
    expect(views.saved).toEqual({ dingtalk: { clientId: 'dingabc', clientSecret: { hasSecret: true, last4: 'EEEE' } }, cwd: project });

    // The same through the contract, whose views are checked against their schema.
    const { api } = await engineIn(dataDir, file);
    for (const name of ['twice', 'old', 'stray', 'saved']) {
      const view = await api['channels.get']({ name });
      expect(view.settings, name).toEqual(views[name]);
      expect(JSON.stringify(view), name).not.toMatch(/flat-secret|section-secret|old-plain-secret|stray-secret|stored-secret/);
    }
  });
});
