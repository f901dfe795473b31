import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH } from '../../electron/contract/ws-protocol.js';
import { startDaemon, type AttackedDaemon } from './daemon.js';

let daemon: AttackedDaemon | undefined;
afterEach(async () => daemon?.stop());

describe('the security suite’s daemon', () => {
  it('runs dingbridge serve in a process of its own, reachable with its token and refusing without it', async () => {
    daemon = await startDaemon();
    const { api, close } = daemon.api();
    try {
      expect((await api['channels.list']()).map((channel) => channel.name)).toEqual(['simulator']);
    } finally {
      close();
    }
    const refused = new WebSocket(`ws://127.0.0.1:${daemon.port}${WS_PATH}`);
    const status = await new Promise<number | undefined>((resolve) => {
      refused.on('unexpected-response', (_request, response) => resolve(response.statusCode));
      refused.on('open', () => resolve(undefined));
    });
    expect(status).toBe(401);
  });
});
