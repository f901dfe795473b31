import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../electron/contract/client.js';
import { memoryLink } from '../../electron/contract/memory-link.js';
import { ContractError } from '../../electron/contract/errors.js';
import { startEngine, type Engine } from '../../electron/core/engine/engine.js';
import { JsonFileConfigStore } from '../../electron/core/config/config-store.js';
import { FileSecretStore } from '../../electron/core/secrets/secret-store.js';
import { JsonSettingsStore } from '../../electron/core/config/app-settings-store.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { tempDir } from '../core/platform/dingtalk/harness.js';

const stops: Array<() => Promise<void>> = [];
const realHome = { HOME: process.env.HOME, USERPROFILE: process.env.USERPROFILE };
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
  for (const [key, value] of Object.entries(realHome)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** An engine whose `~` is a fresh folder, so what `folders.create` makes there is the test's to look at. */
async function setup() {
  const home = await tempDir();
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  const dataDir = await tempDir();
  const engine: Engine = await startEngine({
    dataDir,
    mode: 'headless',
    version: 'test',
    logger: silentLogger,
    detect: async () => [],
    configStore: new JsonFileConfigStore(join(dataDir, 'config.json')),
    secrets: await FileSecretStore.open(join(dataDir, 'secrets.json')),
    settings: await JsonSettingsStore.open(join(dataDir, 'settings.json'), dataDir),
  });
  stops.push(() => engine.close());
  return { home, engine, api: createClient(memoryLink(engine.dispatch, engine.subscribe)) };
}

const isFolder = (path: string) => stat(path).then((found) => found.isDirectory(), () => false);

describe('folders.create', () => {
  it('creates a typed full path or one under ~, with every folder on the way, and says whether it was new', async () => {
    const { home, api } = await setup();
    const deep = join(await tempDir(), 'a', 'b', 'c');
    expect(await api['folders.create']({ path: deep })).toEqual({ path: deep, created: true });
    expect(await isFolder(deep)).toBe(true);
    expect(await api['folders.create']({ path: `  ${deep}  ` })).toEqual({ path: deep, created: false });
    expect(await api['folders.create']({ path: '~/projects/app' })).toEqual({ path: join(home, 'projects', 'app'), created: true });
    expect(await isFolder(join(home, 'projects', 'app'))).toBe(true);
  });

  it('lets a channel that was refused for its missing folder be saved once the folder is made', async () => {
    const { home, api } = await setup();
    const settings = { type: 'simulator', agent: { preset: 'demo' }, enabled: false, cwd: '~/code/new' };
    const refused = await api['channels.save']({ name: 'sim', settings }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ContractError);
    const problem = (refused as ContractError).problems?.find((p) => p.path === 'cwd');
    expect(problem).toMatchObject({ code: 'folder_missing', value: join(home, 'code', 'new') });
    await api['folders.create']({ path: problem?.value ?? '' });
    expect(await api['channels.save']({ name: 'sim', settings })).toMatchObject({ name: 'sim', cwd: join(home, 'code', 'new') });
  });

  it('refuses relative paths, NUL characters and ~ paths that leave home, creating nothing', async () => {
    const { home, engine, api } = await setup();
    const relative = `dingbridge-relative-${process.pid}`;
    for (const path of [relative, `./${relative}`, `../${relative}`, `${relative}/sub`]) {
      const result = await engine.dispatch('folders.create', { path });
      expect(result, path).toMatchObject({ ok: false, error: { code: 'invalid_input', problems: [expect.objectContaining({ path: 'path', code: 'relative_folder' })] } });
      // The window's own copy of the contract refuses it before sending.
      await expect(api['folders.create']({ path })).rejects.toMatchObject({ code: 'invalid_input', problems: [expect.objectContaining({ code: 'relative_folder' })] });
    }
    expect(await isFolder(join(process.cwd(), relative))).toBe(false);
    expect(await isFolder(join(home, relative))).toBe(false);

    const outside = await tempDir();
    for (const path of [join(outside, 'a\u0000b'), '~/a\u0000b', '\u0000']) {
      const result = await engine.dispatch('folders.create', { path });
      expect(result, JSON.stringify(path)).toMatchObject({ ok: false, error: { code: 'invalid_input', problems: expect.arrayContaining([expect.objectContaining({ path: 'path', code: 'bad_folder' })]) } });
    }
    expect(await isFolder(join(outside, 'a'))).toBe(false);

    const escape = await engine.dispatch('folders.create', { path: '~/../escaped-by-tilde' });
    expect(escape).toMatchObject({ ok: false, error: { problems: [expect.objectContaining({ code: 'outside_home' })] } });
    expect(await isFolder(join(home, '..', 'escaped-by-tilde'))).toBe(false);

    for (const path of ['', '   ', 5, null, undefined]) {
      expect(await engine.dispatch('folders.create', { path }), String(path)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('says when a file is in the way', async () => {
    const { engine } = await setup();
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    await mkdir(join(dir, 'ok'));
    for (const path of [join(dir, 'file'), join(dir, 'file', 'below')]) {
      expect(await engine.dispatch('folders.create', { path }), path).toMatchObject({ ok: false, error: { code: 'invalid_input', problems: [expect.objectContaining({ code: 'not_a_folder' })] } });
    }
  });
});
