import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigManager } from '../../../electron/core/config/config-manager.js';
import { JsonFileConfigStore } from '../../../electron/core/config/config-store.js';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store.js';
import { secretValuesOf } from '../../../electron/core/config/secret-fields.js';
import { Redactor } from '../../../electron/core/events/redactor.js';
import { describeIssues } from '../../../electron/core/config/config-errors.js';
import { ChannelConfigSchema } from '../../../electron/core/config/channel-schema.js';
import { tempDir } from '../platform/dingtalk/harness.js';

const PROXY = 'http://me:s3cret%40pw@proxy.corp:3128';
const channel = (proxy: string, cwd = '/srv/app') => ({ dingtalk: { clientId: 'dingabc', clientSecret: 'app-secret-0123', proxy }, cwd, agent: { preset: 'qwen' } });

async function managerWith(proxy: string) {
  const dir = await tempDir();
  const file = join(dir, 'config.json');
  const cwd = await tempDir();
  await writeFile(file, JSON.stringify({ channels: { team: channel(proxy, cwd) } }));
  const manager = new ConfigManager(new JsonFileConfigStore(file), await FileSecretStore.open(join(dir, 'secrets.json')), {}, dir);
  await manager.load();
  const written = async () => ((JSON.parse(await readFile(file, 'utf8')) as { channels: { team: { dingtalk: { proxy: string } } } }).channels.team.dingtalk.proxy);
  return { manager, written, cwd };
}

describe("a proxy's password", () => {
  it('is shown to the window as ***, and *** saved back keeps it', async () => {
    const { manager, written, cwd } = await managerWith(PROXY);
    const view = manager.settingsView('team');
    expect(view.dingtalk).toMatchObject({ proxy: 'http://me:***@proxy.corp:3128' });
    expect(JSON.stringify(view)).not.toContain('s3cret');
    await manager.saveChannel('team', { ...channel('', cwd), dingtalk: { ...view.dingtalk, clientSecret: undefined } });
    expect(await written()).toBe(PROXY);
  });

  it('is never handed to another proxy host: *** with another host saves no password', async () => {
    const { manager, written, cwd } = await managerWith(PROXY);
    const view = manager.settingsView('team');
    await manager.saveChannel('team', { ...channel('', cwd), dingtalk: { ...view.dingtalk, clientSecret: undefined, proxy: 'http://me:***@elsewhere.example:3128' } });
    expect(await written()).toBe('http://me@elsewhere.example:3128');
  });

  it('counts as a secret, as written and as sent, and any URL password is kept out of the log', () => {
    expect(secretValuesOf(channel(PROXY))).toEqual(expect.arrayContaining(['s3cret%40pw', 's3cret@pw']));
    const redactor = new Redactor();
    expect(redactor.redactText('HTTPS_PROXY=http://user:hunter2@proxy:8080 failed')).toBe('HTTPS_PROXY=http://user:***@proxy:8080 failed');
  });

  it('may hold an @ written as it is: the host comes after the last one', async () => {
    const withAt = 'http://me:pa@ss-word@proxy.corp:3128';
    expect(secretValuesOf(channel(withAt))).toEqual(expect.arrayContaining(['pa@ss-word']));
    expect(new Redactor().redactText(`via ${withAt} refused`)).toBe('via http://me:***@proxy.corp:3128 refused');
    const { manager } = await managerWith(withAt);
    expect(manager.settingsView('team').dingtalk).toMatchObject({ proxy: 'http://me:***@proxy.corp:3128' });
  });

  it('is never quoted in a settings problem, even in a section written wrongly', () => {
    const problems = describeIssues(ChannelConfigSchema.safeParse({ dingtalk: [{ proxy: 'http://u:topsecret@h:1' }], cwd: '/srv/app' }).error!, 'channels.w');
    expect(problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(problems)).not.toContain('topsecret');
  });
});
