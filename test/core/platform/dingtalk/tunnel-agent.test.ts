import { readFile } from 'node:fs/promises';
import { request as httpsRequest, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startForwardProxy } from './forward-proxy.js';
import { SecureTunnelAgent } from '../../../../electron/core/platform/dingtalk/tunnel-agent.js';
import { ProxyRules } from '../../../../electron/core/platform/dingtalk/proxy-rules.js';

const tlsDir = join(import.meta.dirname, '../../../fakes/tls');
const loadTls = async () => ({ cert: await readFile(join(tlsDir, 'loopback-cert.pem')), key: await readFile(join(tlsDir, 'loopback-key.pem')) });

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** An https server standing in for DingTalk's hosts, which a CONNECT tunnel must reach with TLS end to end. */
async function startTlsServer(): Promise<{ port: number; ca: Buffer; wss: WebSocketServer }> {
  const tls = await loadTls();
  server = createServer(tls, (_req, res) => res.end('over tls'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => socket.send('hello over wss'));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, ca: tls.cert, wss };
}

function get(url: string, agent: SecureTunnelAgent, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    httpsRequest(url, { agent, ca }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

describe('the CONNECT tunnel', () => {
  it('carries https with the certificate checked end to end, and keeps the tunnel for the next call', async () => {
    const target = await startTlsServer();
    const proxy = await startForwardProxy({ credentials: 'me:pw' });
    const via = ProxyRules.of(`http://me:pw@127.0.0.1:${proxy.port}`).serverFor(new URL(`https://127.0.0.1:${target.port}/`));
    if (!via) throw new Error('no proxy chosen');
    const agent = new SecureTunnelAgent(via, { keepAlive: true, maxSockets: 1 });
    expect(await get(`https://127.0.0.1:${target.port}/a`, agent, target.ca)).toBe('over tls');
    expect(await get(`https://127.0.0.1:${target.port}/b`, agent, target.ca)).toBe('over tls');
    expect(proxy.connects).toEqual([`127.0.0.1:${target.port}`]);
    agent.destroy();
  });

  it('carries a wss socket', async () => {
    const target = await startTlsServer();
    const proxy = await startForwardProxy();
    const via = ProxyRules.of(proxy.url).serverFor(new URL(`wss://127.0.0.1:${target.port}/`));
    if (!via) throw new Error('no proxy chosen');
    const socket = new WebSocket(`wss://127.0.0.1:${target.port}/connect`, { agent: new SecureTunnelAgent(via), ca: target.ca });
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    expect(first).toBe('hello over wss');
    expect(proxy.connects).toEqual([`127.0.0.1:${target.port}`]);
    socket.terminate();
    target.wss.close();
  });
});
