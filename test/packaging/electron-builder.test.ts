import { readFile, readdir, stat } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { load as parseYaml } from 'js-yaml';
import type { ConfigEnv, UserConfig } from 'vite';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  icon: string;
  files: string[];
  asarUnpack?: string[];
  directories: { buildResources: string };
  extraResources: Array<{ from: string; to: string }>;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  mac: { target: string; icon: string };
  win: { target: string; icon: string };
}

async function config(): Promise<BuilderConfig> {
  return parseYaml(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

const exists = (path: string) => stat(join(root, path)).then(() => true, () => false);

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own JSON schema', async () => {
    const schema = JSON.parse(await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(await config());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the product, the app id, and a target for each platform', async () => {
    const builder = await config();
    expect(builder).toMatchObject({ appId: 'app.dingbridge', productName: 'Dingbridge', asar: true });
    expect(builder.linux.target).toEqual(['AppImage', 'deb']);
    expect(builder.mac.target).toBe('dmg');
    expect(builder.win.target).toBe('nsis');
  });

  it('turns off RunAsNode and NODE_OPTIONS and loads the app only from its asar', async () => {
    expect((await config()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('points only at files that exist, and ships the tray icons and every icon size', async () => {
    const builder = await config();
    for (const path of [builder.icon, builder.mac.icon, builder.win.icon, builder.linux.icon, builder.directories.buildResources]) {
      expect(await exists(path), `${path} exists`).toBe(true);
    }
    for (const resource of builder.extraResources) expect(await exists(resource.from), `${resource.from} exists`).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(await exists(`resources/icons/${size}x${size}.png`)).toBe(true);
    const icon = await readFile(join(root, 'resources/icon.png'));
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect((await readdir(join(root, 'resources/tray'))).filter((name) => name.endsWith('.png')).length).toBeGreaterThanOrEqual(12);
  });

  it('packs what the app loads: the main bundle named in package.json, the preload and the window', async () => {
    const builder = await config();
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('dist/main/index.js');
    expect(builder.files).toEqual(expect.arrayContaining(['dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'package.json']));
    const { default: bundles } = (await import('../../vite.main.config.js')) as { default: (env: ConfigEnv) => UserConfig };
    const outDir = (mode: string) => bundles({ mode, command: 'build' }).build?.outDir;
    expect(outDir('main')).toBe('dist/main');
    expect(outDir('preload')).toBe('dist/preload');
    expect(pkg.scripts.dist).toBe('npm run build && npm run package --');
    expect(pkg.scripts.package).toMatch(/^electron-builder /);
  });

  it('ships the agents’ file tool built into one file, outside the asar where a plain Node can run it', async () => {
    const builder = await config();
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(builder.files).toContain('dist/mcp/**');
    expect(builder.asarUnpack).toContain('dist/mcp/**');
    expect(pkg.scripts.build).toContain('npm run build:mcp');
    expect(pkg.scripts['build:mcp']).toContain('--mode mcp');
    const { default: bundles } = (await import('../../vite.main.config.js')) as { default: (env: ConfigEnv) => UserConfig };
    const mcp = bundles({ mode: 'mcp', command: 'build' });
    expect(mcp.build?.outDir).toBe('dist/mcp');
    expect(mcp.build?.ssr).toBe('electron/mcp/send-files.ts');
    expect(mcp.ssr?.noExternal).toBe(true);
    const external = mcp.build?.rollupOptions?.external as string[];
    expect(external.every((name) => builtinModules.includes(name.replace(/^node:/, '')))).toBe(true);
  });

  it('has what the Linux packages need: a homepage, a maintainer with an email, and the desktop entry’s name', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      homepage?: string;
      author?: { name?: string; email?: string };
      desktopName?: string;
    };
    const builder = (await config()) as BuilderConfig & { linux: { executableName?: string } };
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    // Electron names the app's windows after desktopName, and the deb installs `<executableName>.desktop`: the same.
    expect(pkg.desktopName).toBe(`${builder.linux.executableName}.desktop`);
  });

  it('signs macOS builds ad hoc again after the fuses are flipped, for machines without a signing identity', async () => {
    expect((await config()).electronFuses).toMatchObject({ resetAdHocDarwinSignature: true });
  });
});
