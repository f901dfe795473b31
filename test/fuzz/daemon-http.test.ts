import { afterEach, describe, expect, it } from 'vitest';
import { WS_PATH } from '../../electron/contract/ws-protocol.js';
import { startDaemon, type AttackedDaemon } from '../security/daemon.js';
import { rawRequest, upgradeRequest } from '../security/raw-http.js';
import { hostileRequest } from './http-requests.js';
import { rngFor, seedNote } from './prng.js';

const REQUESTS = 800;
const AT_ONCE = 40;
/** 503 is the page's own answer when the window is not built, 505 Node's to an HTTP version it does not speak. */
const SERVER_ERROR = (status: number) => status >= 500 && status !== 503 && status !== 505;

let daemon: AttackedDaemon | undefined;
afterEach(async () => daemon?.stop());

/** Every path and upgrade line here is one no browser sends as it is: each must be refused as a bad request. */
const MALFORMED_TARGETS = ['/%ff', '/%', '/%2', '/%E4%B8', '/a%00b', '/%00', '//a:b', '//a:b/api', '//[', '//a:99999/', `${WS_PATH}%00`, `${WS_PATH}/%ff`, '/%ff?token=x', '/%ff?login=x', '/login-link%00'];

describe('hostile HTTP on the headless daemon’s port', () => {
  it('answers every malformed path and upgrade target with 400, plain or as a WebSocket handshake', async () => {
    daemon = await startDaemon();
    const problems: string[] = [];
    for (const target of MALFORMED_TARGETS) {
      for (const [how, bytes] of [
        ['GET', `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
        ['HEAD', `HEAD ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
        ['upgrade', upgradeRequest(target)],
        ['upgrade from another page', upgradeRequest(target, { Origin: 'https://evil.example' })],
      ] as const) {
        const answer = await rawRequest(daemon.port, bytes);
        if (answer.status !== 400) problems.push(`${how} ${target}: ${answer.status ?? (answer.closed ? 'closed' : 'no answer')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(daemon.alive(), daemon.output()).toBe(true);
  });

  it(`meets ${REQUESTS} malformed requests, handshakes and resets with an answer or a close, and keeps serving`, { timeout: 120_000 }, async () => {
    const running = (daemon = await startDaemon());
    const rng = rngFor('daemon-http');
    const requests = Array.from({ length: REQUESTS }, () => hostileRequest(rng));
    const problems: string[] = [];
    const statuses = new Map<string, number>();
    for (let start = 0; start < requests.length; start += AT_ONCE) {
      const batch = requests.slice(start, start + AT_ONCE);
      const answers = await Promise.all(batch.map((request) => rawRequest(running.port, request.bytes, { reset: request.reset, waitMs: request.complete ? 3_000 : 300 })));
      for (const [i, answer] of answers.entries()) {
        const request = batch[i] as (typeof batch)[number];
        const key = answer.status === undefined ? (answer.closed ? 'closed' : 'nothing') : String(answer.status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (answer.status !== undefined && SERVER_ERROR(answer.status)) problems.push(`${request.how}: ${answer.head.split('\r\n')[0]}`);
        if (request.complete && !request.reset && answer.status === undefined && !answer.closed) problems.push(`${request.how}: neither answered nor closed`);
      }
      if (!daemon.alive()) break;
    }
    expect(daemon.alive(), seedNote(`the daemon after the requests\n${daemon.output().slice(-3_000)}`)).toBe(true);
    expect(problems.slice(0, 20), seedNote('requests answered wrongly')).toEqual([]);
    // Whatever happened was handled where it happened, not by the last-resort handler.
    expect(daemon.output(), seedNote('the daemon’s log')).not.toMatch(/Unexpected/);
    // The mix reached every kind of refusal, not only the parser's.
    for (const status of ['400', '404', '405']) expect(statuses.get(status) ?? 0, seedNote(`answers with ${status}: ${JSON.stringify([...statuses])}`)).toBeGreaterThan(0);

    expect([200, 503]).toContain((await rawRequest(daemon.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).status);
    const { api, close } = daemon.api();
    try {
      expect(await api['app.status']()).toMatchObject({ mode: 'headless' });
    } finally {
      close();
    }
  });
});
