import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { invokeContract, type InvokeName } from '../../electron/contract/contract.js';
import { ResultSchema, type Result } from '../../electron/contract/errors.js';
import { WS_MAX_PAYLOAD_BYTES, WS_PATH } from '../../electron/contract/ws-protocol.js';
import { startEngine, type Engine } from '../../electron/core/engine/engine.js';
import { JsonFileConfigStore } from '../../electron/core/config/config-store.js';
import { FileSecretStore } from '../../electron/core/secrets/secret-store.js';
import { JsonSettingsStore } from '../../electron/core/config/app-settings-store.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import { serve } from '../../electron/daemon/serve.js';
import { FAST_TIMING, tempDir, until } from '../core/platform/dingtalk/harness.js';
import { candidate, type Candidate } from './zod-fuzz.js';
import { deepJson, hugeString, prototypeSnapshot, randomJson } from './hostile.js';
import { rngFor, seedNote, type Rng } from './prng.js';

const PER_OPERATION = 1_000;
const OVER_SOCKET_PER_OPERATION = 12;
const MAX_MESSAGE_CHARS = 500;

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

/** Every operation the contract declares, read from the contract itself. */
const operations = Object.keys(invokeContract) as InvokeName[];

async function engineIn(dataDir: string): Promise<Engine> {
  const engine = await startEngine({
    dataDir,
    mode: 'headless',
    version: 'fuzz',
    logger: silentLogger,
    channelTuning: { connectionTiming: FAST_TIMING },
    detect: async () => [],
    configStore: new JsonFileConfigStore(join(dataDir, 'config.json')),
    secrets: await FileSecretStore.open(join(dataDir, 'secrets.json')),
    settings: await JsonSettingsStore.open(join(dataDir, 'settings.json'), dataDir),
  });
  stops.push(() => engine.close());
  return engine;
}

interface Generated extends Candidate {
  name: InvokeName;
}

/** `count` inputs the operation's own schema refuses, and how many valid ones the generator made on the way. */
function invalidInputs(name: InvokeName, rng: Rng, count: number, over: (value: unknown) => unknown = (value) => value): { inputs: Generated[]; skipped: number } {
  const schema = invokeContract[name].input;
  const inputs: Generated[] = [];
  let skipped = 0;
  while (inputs.length < count) {
    const made = candidate(schema, rng);
    let value: unknown;
    try {
      value = over(made.value);
    } catch {
      // Nested deeper than JSON.stringify can write: no client could send it.
      continue;
    }
    if (schema.safeParse(value).success) {
      skipped += 1;
      if (skipped > count * 20) throw new Error(seedNote(`the generator cannot find invalid inputs for ${name}`));
      continue;
    }
    inputs.push({ ...made, value, name });
  }
  return { inputs, skipped };
}

/** What is wrong with the answer to an invalid input, if anything: it must be an invalid_input naming the field. */
function answerProblem(input: Generated, result: unknown): string | undefined {
  const shaped = ResultSchema.safeParse(result);
  if (!shaped.success) return 'the answer is not a Result';
  const answer: Result = shaped.data;
  if (answer.ok) return 'an invalid input was accepted';
  const { error } = answer;
  if (error.code !== 'invalid_input') return `code ${error.code}: ${error.message.slice(0, 120)}`;
  const problems = error.problems ?? [];
  if (!problems.length) return 'no problems listed';
  if (problems.some((problem) => !problem.path || !problem.message.trim())) return 'a problem without a path or a message';
  const [first] = problems;
  if (!error.message.startsWith(`The request for ${input.name} is invalid: ${first?.path}: `)) return `the message does not name the field: ${error.message.slice(0, 120)}`;
  if (error.message.length > MAX_MESSAGE_CHARS) return `the message is ${error.message.length} characters long`;
  for (const path of input.expect) {
    if (!problems.some((problem) => problem.path === path || problem.path.startsWith(`${path}.`))) {
      return `expected a problem at ${path}, got ${problems.map((problem) => problem.path).join(', ')}`;
    }
  }
  return undefined;
}

const jsonRoundTrip = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value) ?? 'null'));

describe('invalid payloads on every contract operation', () => {
  it(`refuses ${PER_OPERATION} invalid inputs per operation through the dispatcher, naming the field, and keeps working`, async () => {
    const dataDir = await tempDir();
    const engine = await engineIn(dataDir);
    const settingsBefore = await readFile(join(dataDir, 'settings.json'), 'utf8').catch(() => '(none)');
    const before = prototypeSnapshot();
    const problems: string[] = [];
    const tally: Record<string, { sent: number; skippedValid: number }> = {};
    for (const name of operations) {
      const rng = rngFor(`contract:${name}`);
      const { inputs, skipped } = invalidInputs(name, rng, PER_OPERATION);
      tally[name] = { sent: inputs.length, skippedValid: skipped };
      for (const [i, input] of inputs.entries()) {
        let problem: string | undefined;
        try {
          problem = answerProblem(input, await engine.dispatch(name, input.value));
        } catch (error) {
          problem = `the dispatcher threw ${error instanceof Error ? error.message : String(error)}`;
        }
        if (problem && problems.length < 20) problems.push(`${name} #${i} (${input.how}): ${problem}`);
      }
    }
    expect(problems, seedNote('invalid inputs answered wrongly')).toEqual([]);
    expect(Object.keys(tally).sort(), seedNote('operations fuzzed')).toEqual([...operations].sort());
    expect(Object.values(tally).every((entry) => entry.sent >= PER_OPERATION), seedNote('inputs per operation')).toBe(true);
    expect(prototypeSnapshot(), seedNote('Object.prototype after the run')).toBe(before);

    // Nothing reached a handler: no channel saved, no setting changed.
    await expect(stat(join(dataDir, 'config.json')), seedNote('config written by an invalid input')).rejects.toThrow();
    expect(await readFile(join(dataDir, 'settings.json'), 'utf8').catch(() => '(none)')).toBe(settingsBefore);

    // And the engine still answers valid calls.
    expect(await engine.dispatch('channels.list', undefined)).toEqual({ ok: true, value: [] });
    expect(await engine.dispatch('settings.set', { theme: 'dark' })).toMatchObject({ ok: true, value: { theme: 'dark' } });
    expect(await engine.dispatch('log.query', {})).toMatchObject({ ok: true });
  }, 120_000);

  it('answers operation names that do not exist, whatever they are, with a short unknown_operation', async () => {
    const engine = await engineIn(await tempDir());
    const rng = rngFor('contract:names');
    const names: unknown[] = ['', ' ', 'channels.explode', 'APP.STATUS', 'app.status ', 'app.status\u0000', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', hugeString(100_000, 'n'), 42, null, undefined, true, ['app.status'], { name: 'app.status' }, JSON.parse('{"__proto__":"app.status"}')];
    for (let i = 0; i < 200; i++) names.push(JSON.parse(randomJson(rng, 2)));
    const problems: string[] = [];
    for (const name of names) {
      if (typeof name === 'string' && Object.hasOwn(invokeContract, name)) continue;
      let result: Result;
      try {
        result = await engine.dispatch(name, undefined);
      } catch (error) {
        problems.push(`${String(JSON.stringify(name)).slice(0, 60)}: the dispatcher threw ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const error = result.ok ? undefined : result.error;
      if (error?.code !== 'unknown_operation' || !error.message.startsWith('There is no operation') || error.message.length > MAX_MESSAGE_CHARS) {
        problems.push(`${String(JSON.stringify(name)).slice(0, 60)}: ${JSON.stringify(result).slice(0, 200)}`);
      }
    }
    expect(problems, seedNote('unknown operations answered wrongly')).toEqual([]);
  });
});

describe('invalid payloads over the daemon’s WebSocket', () => {
  async function daemon() {
    const dataDir = await tempDir();
    const running = await serve({ dataDir, port: 0, rendererDir: join(dataDir, 'no-renderer'), logger: silentLogger, channelTuning: { connectionTiming: FAST_TIMING }, firstRunSimulator: false });
    stops.push(() => running.stop());
    return running;
  }

  async function socketTo(port: number, token: string) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}?token=${token}`);
    const answers: Array<{ id: number | null; result: Result }> = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number | null; result?: Result };
      if (message.result) answers.push({ id: message.id ?? null, result: message.result });
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    stops.push(async () => socket.close());
    return { socket, answers, closed };
  }

  it(`refuses invalid inputs on every operation and malformed messages, answering each once, then works normally`, async () => {
    const running = await daemon();
    const { socket, answers } = await socketTo(running.port, running.token);
    const problems: string[] = [];

    // Inputs as they arrive over JSON, so only those still invalid after the trip count.
    const requests = new Map<number, Generated>();
    let nextId = 1;
    for (const name of operations) {
      const { inputs } = invalidInputs(name, rngFor(`socket:${name}`), OVER_SOCKET_PER_OPERATION, jsonRoundTrip);
      for (const input of inputs) {
        const message = JSON.stringify({ id: nextId, name, input: input.value });
        // Larger than the transport takes at all: that case has its own test below.
        if (message.length > 3 * 1024 * 1024) continue;
        requests.set(nextId, input);
        socket.send(message);
        nextId += 1;
      }
    }

    // Not requests at all, or requests for no operation: each is answered, none closes the socket.
    const rng = rngFor('socket:malformed');
    const envelopeless: Array<string | Buffer> = [
      'not json',
      '',
      '{',
      'null',
      '5',
      '"app.status"',
      '[]',
      '[{"id":1,"name":"app.status"}]',
      '{}',
      '{"name":"app.status"}',
      '{"id":"1","name":"app.status"}',
      '{"id":1.5,"name":"app.status"}',
      '{"id":1e400,"name":"app.status"}',
      '{"id":9007199254740993,"name":"app.status"}',
      '{"id":null,"name":"app.status"}',
      '{"id":7}',
      '{"id":8,"name":5}',
      '{"id":9,"name":null}',
      '{"__proto__":{"id":10,"name":"app.status"}}',
      `{"id":11,"name":${deepJson(50_000)}}`,
      deepJson(100_000, 'object'),
      Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]),
    ];
    for (let i = 0; i < 60; i++) envelopeless.push(rng.chance(0.5) ? rng.bytes(rng.int(1, 200)) : randomJson(rng, 3));
    const unknown = ['channels.explode', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'APP.STATUS', '', hugeString(200_000, 'n')];
    const unknownIds = new Set<number>();
    for (const name of unknown) {
      unknownIds.add(nextId);
      socket.send(JSON.stringify({ id: nextId++, name, input: { anything: true } }));
    }
    // A valid request sent as a binary frame is still a request.
    const binaryId = nextId++;
    socket.send(Buffer.from(JSON.stringify({ id: binaryId, name: 'channels.list' })), { binary: true });
    // A deeply nested input on an operation that takes none.
    const deepId = nextId++;
    socket.send(`{"id":${deepId},"name":"app.status","input":${deepJson(100_000)}}`);
    let stray = 0;
    for (const message of envelopeless) {
      socket.send(message, { binary: Buffer.isBuffer(message) });
      // Random JSON may happen to be a request: it is answered under its id instead.
      try {
        const parsed = JSON.parse(String(message)) as { id?: unknown; name?: unknown };
        if (Number.isSafeInteger(parsed.id) && typeof parsed.name === 'string') stray += 1;
      } catch {
        // Not JSON: answered with id null.
      }
    }

    const expected = requests.size + unknown.length + 2 + envelopeless.length;
    await until(() => answers.length >= expected, seedNote(`${expected} answers (got ${answers.length})`), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answers.length, seedNote('answers in all')).toBe(expected);

    const byId = new Map<number, Result[]>();
    for (const answer of answers) if (answer.id !== null) byId.set(answer.id, [...(byId.get(answer.id) ?? []), answer.result]);
    for (const [id, input] of requests) {
      const got = byId.get(id) ?? [];
      const problem = got.length === 1 ? answerProblem(input, got[0]) : `answered ${got.length} times`;
      if (problem && problems.length < 20) problems.push(`${input.name} id ${id} (${input.how}): ${problem}`);
    }
    for (const id of unknownIds) {
      const [result] = byId.get(id) ?? [];
      if (result?.ok !== false || result.error.code !== 'unknown_operation' || result.error.message.length > MAX_MESSAGE_CHARS) {
        problems.push(`unknown operation id ${id}: ${JSON.stringify(result).slice(0, 200)}`);
      }
    }
    expect(byId.get(binaryId), 'the binary request').toEqual([{ ok: true, value: [] }]);
    expect(byId.get(deepId)?.[0], 'the deeply nested input').toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const nulls = answers.filter((answer) => answer.id === null);
    expect(nulls.length, seedNote('answers without an id')).toBe(envelopeless.length - stray);
    for (const answer of nulls) {
      expect(answer.result, seedNote('an answer to a message that is not a request')).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not JSON|needs a numeric "id"/) } });
    }
    expect(problems, seedNote('invalid inputs answered wrongly over the socket')).toEqual([]);

    // Still the same socket, still working.
    expect(socket.readyState).toBe(WebSocket.OPEN);
    const finalId = nextId++;
    socket.send(JSON.stringify({ id: finalId, name: 'settings.set', input: { language: 'en' } }));
    await until(() => answers.some((answer) => answer.id === finalId), 'the valid call after the fuzz');
    expect(answers.find((answer) => answer.id === finalId)?.result).toMatchObject({ ok: true, value: { language: 'en' } });
  }, 60_000);

  it('closes only the socket that sends more than the transport takes, and serves the next one', async () => {
    const running = await daemon();
    const first = await socketTo(running.port, running.token);
    first.socket.send(JSON.stringify({ id: 1, name: 'app.status', input: hugeString(WS_MAX_PAYLOAD_BYTES) }));
    expect(await first.closed).toBe(1009);
    const second = await socketTo(running.port, running.token);
    second.socket.send(JSON.stringify({ id: 2, name: 'app.status' }));
    await until(() => second.answers.length === 1, 'an answer on a new socket');
    expect(second.answers[0]).toMatchObject({ id: 2, result: { ok: true, value: { mode: 'headless' } } });
  });
});
