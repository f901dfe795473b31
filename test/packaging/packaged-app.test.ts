import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BootedApp, packageApp, packagedFuses, unpackForBoot, type BootFolder, type PackagedApp } from './packaged-app.js';
import { INVOKE_CHANNEL } from '../../electron/contract/ipc-channels.js';
import { secretVariableFor } from '../../electron/core/config/config-manager.js';

/**
 * The installed app, as a user gets it from `npm run dist`: packaged by electron-builder from a stand-in Electron
 * distribution and booted under Node with a stand-in `electron` module (see stand-in-electron/). What a real
 * Electron would do with the recorded requests (draw the window, read the asar) is not run here; the requests
 * themselves, the files they name and the fuses in the binary are.
 */

const PAGE = 'app://dingbridge/index.html';
const PACKAGE_TIMEOUT = 240_000;

let packaged: PackagedApp;
let folder: BootFolder;

beforeAll(async () => {
  packaged = await packageApp();
  folder = await unpackForBoot(packaged);
}, PACKAGE_TIMEOUT);

const booted: BootedApp[] = [];
afterAll(async () => {
  await Promise.all(booted.map((app) => app.stop()));
});

async function boot(
  options: { env?: NodeJS.ProcessEnv; files?: Record<string, string>; args?: string[]; userDataMode?: number } = {},
): Promise<{ app: BootedApp; userData: string }> {
  const userData = await mkdtemp(join(tmpdir(), 'dingbridge-user-data-'));
  for (const [name, text] of Object.entries(options.files ?? {})) await writeFile(join(userData, name), text);
  if (options.userDataMode !== undefined) await chmod(userData, options.userDataMode);
  const app = new BootedApp(folder, { userData, env: options.env, args: options.args });
  booted.push(app);
  return { app, userData };
}

const text = (body: string | undefined) => Buffer.from(body ?? '', 'base64').toString('utf8');

/** A project folder for a channel's agent: one of its own, never the home folder. */
const projectFolder = () => mkdtemp(join(tmpdir(), 'dingbridge-project-'));
const invoke = (app: BootedApp, name: string, input?: unknown, frameUrl?: string) =>
  app.ask({ type: 'invoke', channel: INVOKE_CHANNEL, args: input === undefined ? [name] : [name, input], ...(frameUrl ? { frameUrl } : {}) });

describe('the package electron-builder makes', () => {
  it('is built offline from a stand-in Electron, with the metadata the Linux packages ask for', async () => {
    expect(packaged.output).not.toMatch(/author is missed|specify project homepage|specify author 'email'/i);
    expect((await stat(packaged.binary)).isFile()).toBe(true);
    expect((await stat(join(packaged.unpackedDir, 'resources', 'app.asar'))).isFile()).toBe(true);
  });

  it('ships the agents’ file tool outside the archive, where the Node on the agents’ PATH runs it', async () => {
    const script = join(packaged.unpackedDir, 'resources', 'app.asar.unpacked', 'dist', 'mcp', 'send-files.js');
    const transport = new StdioClientTransport({ command: process.execPath, args: [script], cwd: tmpdir(), env: { DINGBRIDGE_FILES_LINK: 'http://127.0.0.1:9', DINGBRIDGE_FILES_TOKEN: 'unused' }, stderr: 'ignore' });
    const mcp = new Client({ name: 'packaging-test', version: '1.0.0' });
    await mcp.connect(transport);
    try {
      expect((await mcp.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['send_file', 'send_image']);
    } finally {
      await mcp.close();
    }
  });

  it('has its fuses set as security needs, and none off that the window depends on', async () => {
    const fuses = await packagedFuses(packaged.binary);
    expect(fuses).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      OnlyLoadAppFromAsar: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      EnableCookieEncryption: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    const { app } = await boot();
    const load = await app.waitFor('BrowserWindow.loadURL');
    const url = String(load.detail.url);
    // A window on file:// gets its module script only with the file-protocol fuse on; anything else must be a
    // scheme the app registered as standard and secure before ready.
    if (url.startsWith('file:')) {
      expect(fuses.GrantFileProtocolExtraPrivileges, `the window loads ${url}, which needs the file-protocol fuse`).toBe(true);
    } else {
      const schemes = app.recorded('protocol.registerSchemesAsPrivileged').flatMap((record) => record.detail.schemes as Array<{ scheme: string; privileges: Record<string, boolean> }>);
      expect(schemes.find((scheme) => `${scheme.scheme}:` === new URL(url).protocol)?.privileges).toMatchObject({ standard: true, secure: true });
    }
  });
});

describe('the installed app, started', () => {
  let app: BootedApp;
  beforeAll(async () => {
    ({ app } = await boot());
    await app.waitFor('Tray.setContextMenu');
  }, PACKAGE_TIMEOUT);

  it('registers its scheme before ready, serves it after, and opens the window on it', () => {
    const order = app.records.map((record) => record.event);
    expect(order.indexOf('protocol.registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(order.indexOf('app.ready'));
    expect(app.recorded('protocol.handle').map((record) => record.detail.scheme)).toEqual(['app']);
    expect(app.recorded('BrowserWindow.loadURL').map((record) => record.detail.url)).toEqual([PAGE]);
    expect(app.recorded('BrowserWindow.loadFile')).toEqual([]);
  });

  it('serves the page, its module script and its stylesheet from inside the asar, with the types Chromium insists on', async () => {
    const page = await app.ask({ type: 'fetch', url: PAGE });
    expect(page.status).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    const html = text(page.body);
    expect(html).toBe(await readFile(join(folder.appDir, 'dist', 'renderer', 'index.html'), 'utf8'));
    expect(html).toMatch(/http-equiv="Content-Security-Policy"[^>]*script-src 'self'/s);
    const script = html.match(/<script type="module"[^>]*src="([^"]+)"/)?.[1];
    const stylesheet = html.match(/<link rel="stylesheet"[^>]*href="([^"]+)"/)?.[1];
    expect(script, 'the page has a module script').toBeTruthy();
    expect(stylesheet, 'the page has a stylesheet').toBeTruthy();
    for (const [href, type] of [
      [script!, 'text/javascript; charset=utf-8'],
      [stylesheet!, 'text/css; charset=utf-8'],
    ] as const) {
      const url = new URL(href, PAGE);
      expect(url.href.startsWith('app://dingbridge/assets/')).toBe(true);
      const asset = await app.ask({ type: 'fetch', url: url.href });
      expect(asset.status, href).toBe(200);
      expect(asset.headers?.['content-type']).toBe(type);
      expect(asset.headers?.['x-content-type-options']).toBe('nosniff');
      const onDisk = await readFile(join(folder.appDir, 'dist', 'renderer', url.pathname));
      expect(Buffer.from(asset.body ?? '', 'base64').equals(onDisk)).toBe(true);
    }
  });

  it('refuses what is not the window’s: paths leading out, other hosts, malformed escapes, writes', async () => {
    for (const url of [
      'app://dingbridge/..%2Fmain%2Findex.js',
      'app://dingbridge/%2e%2e/%2e%2e/package.json',
      'app://dingbridge/..%5C..%5Cpackage.json',
      'app://dingbridge/%ff',
      'app://dingbridge/%00index.html',
      'app://other/index.html',
      'app://dingbridge/no-such-file.js',
    ]) {
      expect((await app.ask({ type: 'fetch', url })).status, url).toBe(404);
    }
    expect((await app.ask({ type: 'fetch', url: PAGE, method: 'POST' })).status).toBe(405);
  });

  it('gives the window the preload that exists, a tray icon that exists, and the contract over IPC', async () => {
    const [window] = app.recorded('BrowserWindow');
    expect(window?.detail.preloadExists).toBe(true);
    expect(window?.detail.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    const [tray] = app.recorded('Tray');
    expect(tray?.detail.exists).toBe(true);
    expect(app.recorded('ipcMain.handle').map((record) => record.detail.channel)).toContain(INVOKE_CHANNEL);
    expect((await invoke(app, 'app.status')).value).toMatchObject({ ok: true });
    for (const frameUrl of ['file:///index.html', 'app://dingbridge.evil/index.html', 'https://example.com/']) {
      expect((await invoke(app, 'app.status', undefined, frameUrl)).value, frameUrl).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('lets the page’s copy buttons write to the clipboard, and nothing else', async () => {
    expect(await app.ask({ type: 'permission', permission: 'clipboard-sanitized-write', url: PAGE, origin: 'app://dingbridge' })).toMatchObject({ granted: true, checked: true });
    expect(await app.ask({ type: 'permission', permission: 'clipboard-read', url: PAGE, origin: 'app://dingbridge' })).toMatchObject({ granted: false, checked: false });
    expect(await app.ask({ type: 'permission', permission: 'media', url: PAGE, origin: 'app://dingbridge' })).toMatchObject({ granted: false });
  });
});

describe('the installed app, started in awkward circumstances', () => {
  it('at login stays in the tray; a second launch shows the window; the dev-server variable is ignored', async () => {
    const { app } = await boot({ args: ['--hidden'], env: { DINGBRIDGE_DEV_SERVER: 'https://example.com/' } });
    await app.waitFor('Tray.setContextMenu');
    expect(app.recorded('BrowserWindow')[0]?.detail.options).toMatchObject({ show: false });
    expect(app.recorded('BrowserWindow.loadURL').map((record) => record.detail.url)).toEqual([PAGE]);
    expect(await app.ask({ type: 'second-instance' })).toMatchObject({ visible: [true] });
  });

  it('makes its data folder private at every start, though it was left open to every local user', async () => {
    const { app, userData } = await boot({ userDataMode: 0o755 });
    await app.waitFor('Tray.setContextMenu');
    expect((await stat(userData)).mode & 0o777).toBe(0o700);
  });

  it('on Linux without a keyring saves the AppSecret (obscured, in a file only the user can read)', async () => {
    const { app, userData } = await boot({ env: { STAND_IN_KEYRING: 'basic_text' } });
    await app.waitFor('Tray.setContextMenu');
    const saved = await invoke(app, 'channels.save', {
      name: 'team',
      settings: { dingtalk: { clientId: 'dingteamappkey', clientSecret: 'the-secret-without-keyring' }, enabled: false, cwd: await projectFolder(), agent: { preset: 'qwen' } },
    });
    expect(saved.value).toMatchObject({ ok: true, value: { name: 'team', settings: { dingtalk: { clientSecret: { hasSecret: true, last4: 'ring' } } } } });
    expect((await invoke(app, 'app.status')).value).toMatchObject({ ok: true, value: { secretStorage: 'basic_text' } });
    const onDisk = await readFile(join(userData, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain('the-secret-without-keyring');
    expect((await stat(join(userData, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('with a damaged settings file says which file and what to do, and exits instead of lingering', async () => {
    const { app, userData } = await boot({ files: { 'config.json': '{ "config": { "channels": ' } });
    const dialog = await app.waitFor('dialog.showErrorBox');
    expect(dialog.detail.title).toBe('Dingbridge cannot read its settings');
    expect(dialog.detail.content).toContain(join(userData, 'config.json'));
    expect(dialog.detail.content).toMatch(/fix it, or move it somewhere else/);
    expect(await app.exited).toBe(1);
    expect(app.recorded('BrowserWindow')).toEqual([]);
  });

  it('with a secret that no longer decrypts starts, showing only that channel as needing its AppSecret again', async () => {
    const cwd = await projectFolder();
    const channel = (name: string) => ({ dingtalk: { clientId: `ding${name}appkey`, clientSecret: `$${secretVariableFor(name)}` }, enabled: false, cwd, agent: { preset: 'qwen' } });
    const { app } = await boot({
      files: {
        'config.json': JSON.stringify({ config: { channels: { good: channel('good'), broken: channel('broken') } } }),
        'secrets.json': JSON.stringify({
          secrets: {
            [secretVariableFor('good')]: Buffer.from(`v10${Buffer.from('good-secret').toString('base64')}`).toString('base64'),
            [secretVariableFor('broken')]: Buffer.from('v11 sealed by a keyring that is gone').toString('base64'),
          },
        }),
      },
    });
    await app.waitFor('Tray.setContextMenu');
    expect(app.recorded('dialog.showErrorBox')).toEqual([]);
    const list = (await invoke(app, 'channels.list')).value as { ok: boolean; value: Array<{ name: string; problems?: Array<{ message: string }> }> };
    expect(list.ok).toBe(true);
    const byName = Object.fromEntries(list.value.map((view) => [view.name, view]));
    expect(byName.good?.problems ?? []).toEqual([]);
    expect(byName.broken?.problems?.map((problem) => problem.message).join('\n')).toMatch(/can no longer be decrypted.*enter the AppSecret again/s);
  });
});
