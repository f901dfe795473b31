import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connected, startBot, startFake, tempDir, until } from './harness.js';
import { startForwardProxy, type ForwardProxy } from './forward-proxy.js';
import { startWorld } from '../../channel/service-harness.js';
import type { DingTalkSimulator } from '../../../../electron/core/platform/simulator/dingtalk/index.js';
import { checkConnection } from '../../../../electron/core/platform/dingtalk/connection-check.js';
import { EndpointsSchema } from '../../../../electron/core/platform/dingtalk/endpoints.js';
import { requestJson } from '../../../../electron/core/platform/dingtalk/http.js';
import { ProxyRules } from '../../../../electron/core/platform/dingtalk/proxy-rules.js';
import { bypassesProxy } from '../../../../electron/core/platform/dingtalk/no-proxy.js';
import { ProxySettingSchema } from '../../../../electron/core/platform/dingtalk/proxy-setting.js';
import { openProxyPools } from '../../../../electron/core/platform/dingtalk/connection-pools.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** Every request the stand-in DingTalk saw came through the proxy: plain ones forwarded, the socket in a tunnel. */
async function expectAllThrough(fake: DingTalkSimulator, proxy: ForwardProxy): Promise<void> {
  const plain = () => fake.requests.filter((r) => r.path !== '/connect').map((r) => r.path);
  // A call the proxy has just forwarded (the 👀 taken back after the answer) may not have reached DingTalk yet.
  await until(() => proxy.forwarded.length <= plain().length, 'what the proxy forwarded to reach DingTalk');
  expect([...proxy.forwarded].sort()).toEqual(plain().sort());
  const sockets = fake.requests.filter((r) => r.path === '/connect').length;
  expect(sockets).toBeGreaterThan(0);
  expect(proxy.connects).toEqual(Array.from({ length: sockets }, () => new URL(fake.baseUrl).host));
}

/** Connects, takes a file, replies by the webhook, downloads the file and sends one back. */
async function everyKindOfCall(fake: DingTalkSimulator, proxy?: string) {
  const probe = await startBot(fake, proxy === undefined ? {} : { proxy });
  await connected(fake, probe);
  const downloadCode = fake.addMedia(png, 'image/png');
  fake.pushMessage({ msgtype: 'picture', content: { downloadCode } });
  const envelope = await until(() => probe.messages[0], 'the picture');
  const reply = await probe.bot.reply(envelope, 'seen');
  expect(reply).toMatchObject({ ok: true, path: 'webhook' });
  const attachment = envelope.attachments[0];
  if (!attachment) throw new Error('no attachment parsed');
  const saved = await probe.bot.download(attachment, await tempDir());
  expect(saved.bytes).toBe(png.length);
  const path = join(await tempDir(), 'chart.png');
  await writeFile(path, png);
  const file = { path, name: 'chart.png', kind: 'image', fileType: 'png', bytes: png.length, sha256: '', source: path, zipped: false } as const;
  const sent = await probe.bot.files.send(probe.bot.replyTargetOf(envelope), file);
  expect(sent.ok).toBe(true);
  expect(fake.uploads).toHaveLength(1);
}

const CALLS = ['/v1.0/oauth2/accessToken', '/v1.0/gateway/connections/open', '/robot/sendBySession', '/v1.0/robot/messageFiles/download', '/media/upload'];

describe('a forward proxy', () => {
  it('carries every call of a channel whose proxy setting names it: REST, the stream socket, a reply, a download, an upload', async () => {
    const fake = await startFake();
    const proxy = await startForwardProxy({ credentials: 'me:pa55word' });
    await everyKindOfCall(fake, `http://me:pa55word@127.0.0.1:${proxy.port}`);
    expect(proxy.forwarded).toEqual(expect.arrayContaining(CALLS));
    await expectAllThrough(fake, proxy);
  });

  it('is taken from HTTP_PROXY when the channel has no proxy setting', async () => {
    const fake = await startFake();
    const proxy = await startForwardProxy();
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('NO_PROXY', 'example.com');
    await everyKindOfCall(fake);
    expect(proxy.forwarded).toEqual(expect.arrayContaining(CALLS));
    await expectAllThrough(fake, proxy);
  });

  it('is bypassed for a host NO_PROXY names, and when the setting is empty', async () => {
    const proxy = await startForwardProxy();
    vi.stubEnv('http_proxy', proxy.url);
    vi.stubEnv('no_proxy', 'localhost, 127.0.0.1');
    await everyKindOfCall(await startFake());
    vi.stubEnv('no_proxy', '');
    await everyKindOfCall(await startFake(), '');
    expect(proxy.forwarded).toEqual([]);
    expect(proxy.connects).toEqual([]);
  });

  it('that refuses (407) fails with an error naming the proxy, never its password', async () => {
    const fake = await startFake();
    const proxy = await startForwardProxy({ credentials: 'me:right' });
    const result = await checkConnection(fake.app, EndpointsSchema.parse(fake.endpoints), `http://me:wrong-secret@127.0.0.1:${proxy.port}`);
    const step = result.steps[0];
    expect(step?.message).toBe(
      `The proxy http://me@127.0.0.1:${proxy.port} refused to connect to 127.0.0.1:${new URL(fake.baseUrl).port} (HTTP 407): it wants a user name and password, or did not accept the ones in the proxy URL.`,
    );
    expect(step?.problem).toMatchObject({ code: 'proxy-refused', proxy: `http://me@127.0.0.1:${proxy.port}`, status: 407 });
    expect(JSON.stringify(result)).not.toContain('wrong-secret');
    expect(fake.requests).toEqual([]);
  });

  it('refusing a CONNECT tunnel (https, wss) is the same clear error', async () => {
    const proxy = await startForwardProxy({ credentials: 'me:right' });
    const proxyRules = ProxyRules.of(`http://me:wrong-secret@127.0.0.1:${proxy.port}`);
    const error = await requestJson('https://api.dingtalk.invalid/v1.0/oauth2/accessToken', { what: 'the access token request', proxy: proxyRules }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: `The proxy http://me@127.0.0.1:${proxy.port} refused to connect to api.dingtalk.invalid:443 (HTTP 407): it wants a user name and password, or did not accept the ones in the proxy URL.`,
      problem: { code: 'proxy-refused', status: 407 },
    });
    expect(proxy.connects).toEqual(['api.dingtalk.invalid:443']);
  });

  it('is let go of, its connections closed, when the channel stops and when a connection test ends', async () => {
    const fake = await startFake();
    const proxy = await startForwardProxy();
    const probe = await startBot(fake, { proxy: proxy.url });
    await connected(fake, probe);
    const check = await checkConnection(fake.app, EndpointsSchema.parse(fake.endpoints), proxy.url);
    expect(check.ok).toBe(true);
    expect(openProxyPools()).toBe(1);
    await probe.bot.stop();
    expect(openProxyPools()).toBe(0);
    await until(() => proxy.openConnections() === 0, 'the proxy’s connections to close');
    expect(proxy.forwarded).toEqual(expect.arrayContaining(['/v1.0/oauth2/accessToken', '/v1.0/gateway/connections/open']));
  });

  it('that cannot be reached is named as the problem, not DingTalk', async () => {
    const error = await requestJson('https://api.dingtalk.invalid/', { what: 'a test', proxy: ProxyRules.of('http://u:hidden@127.0.0.1:9') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(/^Could not reach the proxy http:\/\/u@127\.0\.0\.1:9: .*ECONNREFUSED/), problem: { code: 'proxy-unreachable' } });
    expect(String((error as Error).message)).not.toContain('hidden');
  });
});

describe('which proxy a call takes', () => {
  const target = (url: string) => new URL(url);
  it('reads HTTPS_PROXY for https and wss, HTTP_PROXY for http and ws, the lowercase one first', () => {
    const rules = ProxyRules.of(undefined, { HTTPS_PROXY: 'http://secure:1', https_proxy: 'secure-lower:2', HTTP_PROXY: 'http://plain:3' });
    expect(rules.serverFor(target('https://api.dingtalk.com/'))?.shown).toBe('http://secure-lower:2');
    expect(rules.serverFor(target('wss://wss-open-connection.dingtalk.com/'))?.shown).toBe('http://secure-lower:2');
    expect(rules.serverFor(target('http://gateway.corp/'))?.shown).toBe('http://plain:3');
    expect(ProxyRules.of(undefined, {}).serverFor(target('https://api.dingtalk.com/'))).toBeUndefined();
  });

  it('takes the setting over the environment, and an empty setting as no proxy', () => {
    const env = { HTTPS_PROXY: 'http://env:1' };
    expect(ProxyRules.of('http://set:2', env).serverFor(target('https://api.dingtalk.com/'))?.shown).toBe('http://set:2');
    expect(ProxyRules.of('', env).serverFor(target('https://api.dingtalk.com/'))).toBeUndefined();
  });

  it('reads the environment once, when the rules are made: a change is taken up when the channel starts again', () => {
    const env: Record<string, string | undefined> = { HTTPS_PROXY: 'http://before:1' };
    const running = ProxyRules.of(undefined, env);
    env.HTTPS_PROXY = 'http://after:2';
    expect(running.serverFor(target('https://api.dingtalk.com/'))?.shown).toBe('http://before:1');
    expect(ProxyRules.of(undefined, env).serverFor(target('https://api.dingtalk.com/'))?.shown).toBe('http://after:2');
    env.NO_PROXY = 'dingtalk.com';
    expect(running.serverFor(target('https://api.dingtalk.com/'))?.shown).toBe('http://before:1');
  });

  it('says where an unusable proxy was configured', () => {
    expect(() => ProxyRules.of(undefined, { HTTPS_PROXY: 'https://tls-proxy:443' }).serverFor(target('https://api.dingtalk.com/'))).toThrow(
      'The proxy in HTTPS_PROXY must start with http:// (the proxy is spoken to in plain HTTP; https:// is not supported).',
    );
  });

  it('matches NO_PROXY as curl does', () => {
    expect(bypassesProxy('*', 'api.dingtalk.com', '443')).toBe(true);
    expect(bypassesProxy('.dingtalk.com', 'api.dingtalk.com', '443')).toBe(true);
    expect(bypassesProxy('dingtalk.com', 'api.dingtalk.com', '443')).toBe(true);
    expect(bypassesProxy('*.dingtalk.com', 'dingtalk.com', '443')).toBe(true);
    expect(bypassesProxy('notdingtalk.com', 'api.dingtalk.com', '443')).toBe(false);
    expect(bypassesProxy('api.dingtalk.com:8443', 'api.dingtalk.com', '443')).toBe(false);
    expect(bypassesProxy('gateway.corp:8080, 10.0.0.1', '10.0.0.1', '80')).toBe(true);
    expect(bypassesProxy('[::1]', '[::1]', '80')).toBe(true);
    expect(bypassesProxy(undefined, 'api.dingtalk.com', '443')).toBe(false);
  });

  it('checks the setting as it is written', () => {
    expect(ProxySettingSchema.safeParse('').success).toBe(true);
    expect(ProxySettingSchema.safeParse('http://user:p%40ss@proxy.corp:3128').success).toBe(true);
    expect(ProxySettingSchema.safeParse('proxy.corp:3128').success).toBe(true);
    expect(ProxySettingSchema.safeParse('socks5://proxy.corp:1080').error?.issues[0]?.message).toMatch(/must start with http:\/\//);
    expect(ProxySettingSchema.safeParse('http://proxy.corp:3128/path').error?.issues[0]?.message).toBe('must be only http://host:port, without a path');
  });
});

describe("a channel's dingtalk.proxy setting", () => {
  it('sends the running channel through the proxy: it connects, takes a message and answers', async () => {
    const proxy = await startForwardProxy({ credentials: 'team:pw' });
    const world = await startWorld({ dingtalk: { proxy: `http://team:pw@127.0.0.1:${proxy.port}` } });
    expect(world.service.channels()[0]?.connection.status).toBe('connected');
    world.fake.pushMessage({ text: 'say: through the proxy', sender: { staffId: 'staff1', nick: 'staff1' } });
    await until(() => world.outboxText().length === 1, 'the answer');
    expect(world.outboxText()).toEqual(['through the proxy']);
    await expectAllThrough(world.fake, proxy);
  });
});
