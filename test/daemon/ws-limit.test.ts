import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { invokeContract } from '../../electron/contract/contract.js';
import type { Result } from '../../electron/contract/errors.js';
import { WS_MAX_PAYLOAD_BYTES, WS_PATH } from '../../electron/contract/ws-protocol.js';
import { ATTACHMENT_MAX_BYTES, NAME_MAX_CHARS, TEXT_MAX_CHARS, THUMBNAIL_MAX_CHARS } from '../../electron/core/platform/simulator/simulator-limits.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { serve, type RunningDaemon } from '../../electron/daemon/serve.js';
import { FAST_TIMING, tempDir, until } from '../core/platform/dingtalk/harness.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function daemon(): Promise<RunningDaemon> {
  const dataDir = await tempDir();
  const running = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'none'), logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, detect: async () => [] });
  stops.push(() => running.stop());
  await until(() => running.engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel');
  return running;
}

async function socketTo(running: RunningDaemon) {
  const socket = new WebSocket(`ws://127.0.0.1:${running.port}${WS_PATH}?token=${running.token}`);
  const answers = new Map<number, Result>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: Result };
    if (message.id !== undefined && message.result) answers.set(message.id, message.result);
  });
  let closed: number | undefined;
  socket.on('close', (code) => (closed = code));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  stops.push(async () => socket.close());
  const call = async (id: number, name: string, input: unknown) => {
    socket.send(JSON.stringify({ id, name, input }));
    return until(() => answers.get(id) ?? (closed !== undefined && { closed }), `the answer to request ${id}`, 20_000);
  };
  return { socket, call };
}

// JSON writes a control character as \u0001: six bytes for each character of the string.
const worst = (length: number) => '\u0001'.repeat(length);
const zhang = { staffId: 'zhangsan', nick: '张三' };
const fileOf = (bytes: number) => ({ fileName: 'notes.bin', mimeType: 'application/octet-stream', dataBase64: Buffer.alloc(bytes, 'a').toString('base64') });

describe('the daemon’s WebSocket and the simulator’s limits', () => {
  it('takes the largest message the simulator accepts, every string at its longest in JSON', async () => {
    const prefix = 'data:image/png;base64,';
    const largest = {
      // No channel has this name, so the engine refuses it once the socket has taken it whole: it is only carried.
      channel: '通'.repeat(64),
      sender: { staffId: worst(NAME_MAX_CHARS), nick: worst(NAME_MAX_CHARS) },
      conversation: 'group',
      mention: true,
      text: worst(TEXT_MAX_CHARS),
      attachment: { ...fileOf(ATTACHMENT_MAX_BYTES), fileName: worst(NAME_MAX_CHARS), mimeType: worst(NAME_MAX_CHARS), thumbnail: `${prefix}${'A'.repeat(THUMBNAIL_MAX_CHARS - prefix.length)}` },
      quoteId: worst(NAME_MAX_CHARS),
    };
    expect(invokeContract['simulator.send'].input.safeParse(largest).success).toBe(true);
    const request = JSON.stringify({ id: 1, name: 'simulator.send', input: largest });
    expect(Buffer.byteLength(request)).toBeLessThanOrEqual(WS_MAX_PAYLOAD_BYTES);

    const { socket, call } = await socketTo(await daemon());
    expect(await call(1, 'simulator.send', largest)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(socket.readyState).toBe(WebSocket.OPEN);
  }, 60_000);

  it('refuses a file one byte over the limit with an error that names it, and the socket stays open', async () => {
    const { socket, call } = await socketTo(await daemon());
    const message = { channel: 'simulator', sender: zhang, conversation: 'dm', text: '' };
    const refused = await call(1, 'simulator.send', { ...message, attachment: fileOf(ATTACHMENT_MAX_BYTES + 1) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('the file is larger than 10 MB, the most the simulator sends') } });
    expect(socket.readyState).toBe(WebSocket.OPEN);

    expect(await call(2, 'simulator.send', { ...message, attachment: fileOf(ATTACHMENT_MAX_BYTES) })).toMatchObject({ ok: true });
    expect(await call(3, 'simulator.send', { ...message, text: 'still here' })).toMatchObject({ ok: true });
  }, 60_000);
});
