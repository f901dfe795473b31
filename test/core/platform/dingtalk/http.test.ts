import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './harness.js';
import { requestJson } from '../../../../electron/core/platform/dingtalk/http.js';
import { multipartFile } from '../../../../electron/core/platform/dingtalk/multipart-file.js';
import { ProxyRules } from '../../../../electron/core/platform/dingtalk/proxy-rules.js';

const NO_PROXY = ProxyRules.of('');

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; sockets: () => number }> {
  let sockets = 0;
  server = createServer(handler);
  server.on('connection', () => sockets++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, sockets: () => sockets };
}

describe('requestJson', () => {
  it('sends JSON, reads JSON, and keeps one connection for many calls', async () => {
    const { url, sockets } = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ echo: JSON.parse(body) as unknown, length: req.headers['content-length'] })));
    });
    for (let i = 0; i < 5; i++) {
      await expect(requestJson(url, { what: 'a test', proxy: NO_PROXY, body: { text: '你好' } })).resolves.toEqual({ status: 200, body: { echo: { text: '你好' }, length: '17' } });
    }
    expect(sockets()).toBe(1);
  });

  it('cuts off an answer too large to be DingTalk’s, with a clear error', async () => {
    const { url } = await serve((_req, res) => {
      const mb = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 12; i++) res.write(mb);
      res.end();
    });
    await expect(requestJson(url, { what: 'a test', proxy: NO_PROXY })).rejects.toThrow(/Could not reach DingTalk for a test: the answer is larger than 10 MB/);
  });

  it('counts the most of an answer it reads in bytes, not characters', async () => {
    const { url } = await serve((req, res) => res.end(JSON.stringify({ text: '你'.repeat(req.url === '/long' ? 400 : 300) })));
    // 300 characters of three bytes each, and the JSON around them: under 1 KB. 400 of them: over it.
    await expect(requestJson(url, { what: 'a test', proxy: NO_PROXY, maxAnswerBytes: 1024 })).resolves.toMatchObject({ status: 200 });
    await expect(requestJson(`${url}long`, { what: 'a test', proxy: NO_PROXY, maxAnswerBytes: 1024 })).rejects.toThrow(
      'Could not reach DingTalk for a test: the answer is larger than 1 KB.',
    );
  });

  it('sends a file as it is read, on the connection kept for JSON calls', async () => {
    const { url, sockets } = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => res.end(JSON.stringify({ bytes: Buffer.concat(chunks).length, length: Number(req.headers['content-length']), type: req.headers['content-type'] })));
    });
    const path = join(await tempDir(), 'report.pdf');
    await writeFile(path, Buffer.alloc(200_000, 7));
    const upload = await multipartFile('media', path, 'report.pdf');
    await requestJson(url, { what: 'a test', proxy: NO_PROXY, body: {} });
    const { body } = await requestJson(url, { what: 'the upload of report.pdf', proxy: NO_PROXY, upload });
    expect(body).toEqual({ bytes: upload.length, length: upload.length, type: upload.contentType });
    expect(upload.length).toBeGreaterThan(200_000);
    expect(sockets()).toBe(1);
  });

  it('names what timed out, and says when the connection dropped mid-answer', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/drop') {
        res.writeHead(200, { 'content-length': '100' }).write('{"partial":');
        setTimeout(() => res.destroy(), 10);
      }
    });
    await expect(requestJson(url, { what: 'the token', proxy: NO_PROXY, timeoutMs: 1_000 })).rejects.toThrow('DingTalk did not answer the token within 1 s.');
    await expect(requestJson(`${url}drop`, { what: 'a reply', proxy: NO_PROXY })).rejects.toThrow('Could not reach DingTalk for a reply: the connection closed before the answer was complete.');
  });
});
