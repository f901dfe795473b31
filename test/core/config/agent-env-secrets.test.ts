import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Api } from '../../../electron/contract/client.js';
import { memoryLink } from '../../../electron/contract/memory-link.js';
import { startEngine, type Engine } from '../../../electron/core/engine/engine.js';
import { JsonFileConfigStore } from '../../../electron/core/config/config-store.js';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store.js';
import { JsonSettingsStore } from '../../../electron/core/config/app-settings-store.js';
import { agentEnvVariableFor } from '../../../electron/core/config/agent-env-secrets.js';
import { KEEP_SAVED_VALUE } from '../../../electron/core/config/agent-env-view.js';
import type { Logger } from '../../../electron/core/base/logger.js';
import { FAST_TIMING, tempDir, until } from '../platform/dingtalk/harness.js';
import { fakeAgentLaunch } from '../agents/fake-agent-launch.js';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

const TOKEN = 'agent-api-token-3f9c1e';

/** Every line the engine logs, at every level, with its fields. */
function recordingLogger() {
  const lines: string[] = [];
  const line = (message: string, fields?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { debug: line, info: line, warn: line, error: line };
  return { logger, lines };
}

async function engineIn(dataDir: string, logger: Logger = recordingLogger().logger): Promise<{ engine: Engine; api: Api }> {
  const engine = await startEngine({
    dataDir,
    configStore: new JsonFileConfigStore(join(dataDir, 'config.json')),
    secrets: await FileSecretStore.open(join(dataDir, 'secrets.json')),
    settings: await JsonSettingsStore.open(join(dataDir, 'settings.json'), dataDir),
    mode: 'headless',
    version: 'test',
    logger,
    channelTuning: { connectionTiming: FAST_TIMING },
    detect: async () => [],
  });
  engines.push(engine);
  return { engine, api: createClient(memoryLink(engine.dispatch, engine.subscribe)) };
}

/** A simulator channel running the fake agent, which prints its environment when told `env`. */
async function labSettings(env: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const launch = fakeAgentLaunch();
  return { type: 'simulator', senderPolicy: 'open', cwd: await tempDir(), agent: { preset: 'custom', command: launch.command, args: launch.args, env }, ...extra };
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('agent.env values are secrets', () => {
  it('never appear in config.json, a channels.get view or the event log, nor in a log line, while the agent gets them', async () => {
    const dataDir = await tempDir();
    const { logger, lines } = recordingLogger();
    const { engine, api } = await engineIn(dataDir, logger);
    // The agent prints KEY on stderr as it starts, which the engine logs. (Every value is a secret, so a longer name
    // given as a value would be hidden as well.)
    const settings = await labSettings({ KEY: TOKEN, TOOLS: '${HOME}/tools', EMPTY: '', FAKE_AGENT_STDERR_ENV: 'KEY' });
    const saved = await api['channels.save']({ name: 'lab', settings });

    const variable = agentEnvVariableFor('lab', 'KEY');
    const config = await readFile(join(dataDir, 'config.json'), 'utf8');
    expect(JSON.parse(config).channels.lab.agent.env).toMatchObject({ KEY: `$${variable}`, TOOLS: '${HOME}/tools', EMPTY: '' });
    expect(config).not.toContain(TOKEN);
    expect(await readJson(join(dataDir, 'secrets.json'))).toMatchObject({ [variable]: TOKEN });
    expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);

    expect(saved.settings?.agent?.env).toEqual({ KEY: { hasSecret: true }, TOOLS: { hasSecret: true }, EMPTY: { hasSecret: false }, FAKE_AGENT_STDERR_ENV: { hasSecret: true } });
    const viewed = await api['channels.get']({ name: 'lab' });
    expect(viewed.settings?.agent?.env).toEqual(saved.settings?.agent?.env);
    for (const view of [saved, viewed, await api['channels.list']()]) expect(JSON.stringify(view)).not.toContain(TOKEN);

    await until(() => engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel');
    const simulator = engine.service.channel('lab').simulator;
    const replies: unknown[] = [];
    api.on('log.appended', (event) => event.kind === 'reply.sent' && replies.push(event));
    simulator?.send({ sender: { staffId: 'zhangsan', nick: '张三' }, conversation: 'dm', text: 'env' });
    const reply = await until(() => simulator?.transcript().find((entry) => entry.from === 'bot'), 'the agent’s environment', 20_000);
    expect(reply.text).toMatch(new RegExp(`^KEY=${TOKEN}$`, 'm'));
    expect(reply.text).toContain(`TOOLS=${process.env.HOME}/tools`);
    await until(() => replies.length > 0, 'the reply in the log');

    const logged = JSON.stringify(await api['log.query']({}));
    expect(logged).toContain('\\nKEY=***\\n');
    expect(logged).not.toContain(TOKEN);
    await until(() => lines.some((line) => line.includes('KEY=***')), 'the agent’s stderr in the log');
    expect(lines.filter((line) => line.includes(TOKEN))).toEqual([]);
  }, 30_000);

  it('keeps, replaces, removes and renames values as the form says, and deletes them with the channel', async () => {
    const dataDir = await tempDir();
    const { api } = await engineIn(dataDir);
    const secrets = () => readJson(join(dataDir, 'secrets.json'));
    const save = async (name: string, env: Record<string, unknown>, previousName?: string) =>
      api['channels.save']({ name, ...(previousName ? { previousName } : {}), settings: await labSettings(env, { enabled: false }) });

    await save('lab', { A: 'alpha-secret-1', B: 'bravo-secret-2' });
    await save('lab', { A: KEEP_SAVED_VALUE, C: 'charlie-secret-3' });
    expect(await secrets()).toEqual({ [agentEnvVariableFor('lab', 'A')]: 'alpha-secret-1', [agentEnvVariableFor('lab', 'C')]: 'charlie-secret-3' });

    await save('lab', { A: 'alpha-secret-new' });
    expect(await secrets()).toEqual({ [agentEnvVariableFor('lab', 'A')]: 'alpha-secret-new' });

    const renamed = await save('lab2', { A: KEEP_SAVED_VALUE }, 'lab');
    expect(renamed.settings?.agent?.env).toEqual({ A: { hasSecret: true } });
    expect(await secrets()).toEqual({ [agentEnvVariableFor('lab2', 'A')]: 'alpha-secret-new' });

    await expect(save('lab2', { A: KEEP_SAVED_VALUE, Z: KEEP_SAVED_VALUE })).rejects.toMatchObject({
      code: 'invalid_input',
      problems: [expect.objectContaining({ path: 'agent.env.Z', code: 'required' })],
    });

    await api['channels.remove']({ name: 'lab2' });
    expect(await secrets()).toEqual({});
  });

  it('still reads values written in plain text in config.json, says so, and moves them into the secret store on the next save', async () => {
    const dataDir = await tempDir();
    const settings = await labSettings({ API_TOKEN: TOKEN, FROM_ENV: '$HOME' }, { enabled: false });
    await writeFile(join(dataDir, 'config.json'), JSON.stringify({ channels: { lab: settings } }));
    const { logger, lines } = recordingLogger();
    const { engine, api } = await engineIn(dataDir, logger);

    expect(engine.config.channel('lab')?.agent.env).toEqual({ API_TOKEN: TOKEN, FROM_ENV: process.env.HOME });
    expect(lines.filter((line) => line.includes('plain text'))).toEqual([
      expect.stringContaining('Channel "lab" keeps agent.env values in plain text in the settings file (API_TOKEN)'),
    ]);
    expect(lines.filter((line) => line.includes(TOKEN))).toEqual([]);
    expect(JSON.stringify(await api['channels.get']({ name: 'lab' }))).not.toContain(TOKEN);

    await api['channels.save']({ name: 'lab', settings: { ...settings, agent: { ...settings.agent, env: { API_TOKEN: KEEP_SAVED_VALUE, FROM_ENV: KEEP_SAVED_VALUE } } } });
    const config = await readJson(join(dataDir, 'config.json'));
    expect(JSON.stringify(config)).not.toContain(TOKEN);
    expect(await readJson(join(dataDir, 'secrets.json'))).toEqual({ [agentEnvVariableFor('lab', 'API_TOKEN')]: TOKEN });
    expect(engine.config.channel('lab')?.agent.env).toEqual({ API_TOKEN: TOKEN, FROM_ENV: process.env.HOME });
    expect(engine.config.plainAgentEnv()).toEqual([]);
  });
});
