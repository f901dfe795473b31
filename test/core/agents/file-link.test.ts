import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLink, type FileToolHandler, type FileToolRequest } from '../../../electron/core/agents/file-link.js';

interface Reply {
  status: number;
  body: { ok: boolean; text: string };
}

const links: FileLink[] = [];

afterEach(async () => {
  await Promise.all(links.splice(0).map((link) => link.close()));
});

async function startLink(handler: FileToolHandler = async (ref, request) => ({ ok: true, text: `${ref} sent ${request.path}` })): Promise<FileLink> {
  const link = new FileLink(handler);
  links.push(link);
  await link.start();
  return link;
}

const port = (link: FileLink) => new URL(link.url).port;

/** A raw request, so the test decides every header, the Host and a body larger than it claims included. */
function post(link: FileLink, options: { token?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer; path?: string; method?: string; chunked?: boolean }): Promise<Reply> {
  const body = options.body ?? JSON.stringify({ tool: 'send_file', path: 'report.pdf' });
  const headers: OutgoingHttpHeaders = {
    'Content-Type': 'application/json',
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...(options.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': Buffer.byteLength(body) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port: port(link), path: options.path ?? '/send', method: options.method ?? 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('the file link', () => {
  it('listens on loopback and hands out distinct tokens of 32 random bytes', async () => {
    const link = await startLink();
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [a, b] = [link.issue('a').token, link.issue('b').token];
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('passes a request with a valid token to the handler with that session’s reference, and answers its words', async () => {
    const seen: Array<[string, FileToolRequest]> = [];
    const link = await startLink(async (ref, request) => {
      seen.push([ref, request]);
      return { ok: true, text: 'Sent report.pdf.' };
    });
    const { token } = link.issue('channel-1/session-9');
    const body = JSON.stringify({ tool: 'send_image', path: 'out/chart.png', caption: 'The chart' });
    expect(await post(link, { token, body, headers: { 'Content-Type': 'application/json; charset=utf-8' } })).toEqual({ status: 200, body: { ok: true, text: 'Sent report.pdf.' } });
    expect(seen).toEqual([['channel-1/session-9', { tool: 'send_image', path: 'out/chart.png', caption: 'The chart' }]]);
  });

  it('routes concurrent sessions by their tokens', async () => {
    let release!: () => void;
    const both = new Promise<void>((resolve) => (release = resolve));
    let waiting = 0;
    const link = await startLink(async (ref, request) => {
      if (++waiting === 2) release();
      await both;
      return { ok: true, text: `${ref}:${request.path}` };
    });
    const one = link.issue('one').token;
    const two = link.issue('two').token;
    const answers = await Promise.all([
      post(link, { token: one, body: JSON.stringify({ tool: 'send_file', path: 'a.txt' }) }),
      post(link, { token: two, body: JSON.stringify({ tool: 'send_file', path: 'b.txt' }) }),
    ]);
    expect(answers.map((reply) => reply.body.text)).toEqual(['one:a.txt', 'two:b.txt']);
  });

  it('refuses a missing, unknown or malformed token with 401, without calling the handler', async () => {
    let called = false;
    const link = await startLink(async () => {
      called = true;
      return { ok: true, text: 'sent' };
    });
    const { token } = link.issue('s');
    for (const authorization of [undefined, 'Bearer nope', `Basic ${token}`, `Bearer ${token}x`, token]) {
      const reply = await post(link, { headers: authorization === undefined ? {} : { Authorization: authorization } });
      expect(reply.status, String(authorization)).toBe(401);
      expect(reply.body.ok).toBe(false);
    }
    expect(called).toBe(false);
  });

  it('stops taking a token once revoked, and keeps taking the others', async () => {
    const link = await startLink();
    const gone = link.issue('gone');
    const kept = link.issue('kept');
    expect((await post(link, { token: gone.token })).status).toBe(200);
    gone.revoke();
    const refused = await post(link, { token: gone.token });
    expect(refused.status).toBe(401);
    expect(refused.body.text).toMatch(/session .* has ended/);
    expect(await post(link, { token: kept.token })).toEqual({ status: 200, body: { ok: true, text: 'kept sent report.pdf' } });
  });

  it('refuses a Host other than its own address and port (DNS rebinding), and takes localhost', async () => {
    const link = await startLink();
    const { token } = link.issue('s');
    for (const host of ['evil.example', `evil.example:${port(link)}`, '127.0.0.1:1', `127.0.0.2:${port(link)}`]) {
      expect((await post(link, { token, headers: { Host: host } })).status, host).toBe(403);
    }
    expect((await post(link, { token, headers: { Host: `localhost:${port(link)}` } })).status).toBe(200);
  });

  it('refuses any request with an Origin header, as only browsers send one', async () => {
    const link = await startLink();
    const { token } = link.issue('s');
    for (const origin of ['https://evil.example', `http://127.0.0.1:${port(link)}`, 'null']) {
      expect((await post(link, { token, headers: { Origin: origin } })).status, origin).toBe(403);
    }
  });

  it('takes only POST /send with a JSON body', async () => {
    const link = await startLink();
    const { token } = link.issue('s');
    expect((await post(link, { token, path: '/send/../other' })).status).toBe(404);
    expect((await post(link, { token, path: '/send?x=1' })).status).toBe(404);
    expect((await post(link, { token, method: 'PUT' })).status).toBe(405);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect((await post(link, { token, headers: { 'Content-Type': type } })).status, type).toBe(415);
    }
  });

  it('refuses a body over 64 KiB, whether it says its length or not', async () => {
    const link = await startLink();
    const { token } = link.issue('s');
    const big = JSON.stringify({ tool: 'send_file', path: 'a'.repeat(70 * 1024) });
    expect((await post(link, { token, body: big })).status).toBe(413);
    expect((await post(link, { token, body: big, chunked: true })).status).toBe(413);
  });

  it('answers a client without a token before it sends the body it announced', async () => {
    const link = await startLink();
    const reply = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(
        { host: '127.0.0.1', port: port(link), path: '/send', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': 10_000_000 } },
        (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
        },
      );
      outgoing.on('error', reject);
      outgoing.flushHeaders();
    });
    expect(reply).toBe(401);
  });

  it('refuses a body that is not JSON or not a file request, without calling the handler', async () => {
    let called = false;
    const link = await startLink(async () => {
      called = true;
      return { ok: true, text: 'sent' };
    });
    const { token } = link.issue('s');
    for (const body of ['{', '[]', JSON.stringify({ tool: 'delete_file', path: 'a' }), JSON.stringify({ tool: 'send_file', path: '' }), JSON.stringify({ tool: 'send_file', path: 'a', extra: 1 })]) {
      const reply = await post(link, { token, body });
      expect(reply.status, body).toBe(400);
      expect(reply.body.ok).toBe(false);
    }
    expect(called).toBe(false);
  });

  it('reports a handler that fails as not sent, with its message', async () => {
    const link = await startLink(async () => {
      throw new Error('the upload was refused');
    });
    expect(await post(link, { token: link.issue('s').token })).toEqual({ status: 200, body: { ok: false, text: 'Dingbridge could not send it: the upload was refused' } });
  });

  it('passes a handler’s refusal on as it is', async () => {
    const link = await startLink(async () => ({ ok: false, text: 'report.pdf is outside the working folder.' }));
    expect(await post(link, { token: link.issue('s').token })).toEqual({ status: 200, body: { ok: false, text: 'report.pdf is outside the working folder.' } });
  });

  it('ends open connections when closed, a tool waiting on its answer included', async () => {
    let started!: () => void;
    const inHandler = new Promise<void>((resolve) => (started = resolve));
    const link = new FileLink(() => {
      started();
      return new Promise(() => {});
    });
    await link.start();
    const { token } = link.issue('s');
    const pending = post(link, { token });
    await inHandler;
    await link.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
