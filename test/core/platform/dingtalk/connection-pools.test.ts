import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from './harness.js';
import { startForwardProxy } from './forward-proxy.js';
import { holdPools, openProxyPools } from '../../../../electron/core/platform/dingtalk/connection-pools.js';
import { requestJson } from '../../../../electron/core/platform/dingtalk/http.js';
import { ProxyRules } from '../../../../electron/core/platform/dingtalk/proxy-rules.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A JSON server standing in for DingTalk, counting the connections made to it. */
async function serve(): Promise<{ url: string; sockets: () => number }> {
  let sockets = 0;
  const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end('{"ok":true}'));
  server.on('connection', () => sockets++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, sockets: () => sockets };
}

const call = (url: string, proxy: ProxyRules) => requestJson(url, { what: 'a test', proxy });

describe('the pools of connections', () => {
  it('close a proxy’s connections once the last user lets go, and keep the direct ones', async () => {
    const [proxied, direct] = [await serve(), await serve()];
    const proxy = await startForwardProxy();
    const noProxy = ProxyRules.of('');
    const channel = holdPools(ProxyRules.of(proxy.url));
    const test = holdPools(ProxyRules.of(proxy.url));
    await call(proxied.url, ProxyRules.of(proxy.url));
    await call(proxied.url, ProxyRules.of(proxy.url));
    await call(direct.url, noProxy);
    expect(proxy.forwarded).toHaveLength(2);
    expect(proxy.openConnections()).toBe(1);

    test();
    expect(openProxyPools()).toBe(1);
    await call(proxied.url, ProxyRules.of(proxy.url));
    expect(proxy.openConnections()).toBe(1);

    channel();
    expect(openProxyPools()).toBe(0);
    await until(() => proxy.openConnections() === 0, 'the proxy’s connections to close');
    await call(direct.url, noProxy);
    expect(direct.sockets()).toBe(1);
  });

  it('still send a call through a proxy no one holds, on a connection closed after it', async () => {
    const target = await serve();
    const proxy = await startForwardProxy();
    await expect(call(target.url, ProxyRules.of(proxy.url))).resolves.toEqual({ status: 200, body: { ok: true } });
    expect(proxy.forwarded).toEqual(['/']);
    expect(openProxyPools()).toBe(0);
    await until(() => proxy.openConnections() === 0, 'the one-off connection to close');
  });
});
