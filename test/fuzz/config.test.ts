import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelConfigSchema } from '../../electron/core/config/channel-schema.js';
import { ConfigError, type ConfigProblem } from '../../electron/core/config/config-errors.js';
import { parseConfig, parseConfigObject } from '../../electron/core/config/load-config.js';
import { ConfigManager } from '../../electron/core/config/config-manager.js';
import { JsonFileConfigStore } from '../../electron/core/config/config-store.js';
import { FileSecretStore } from '../../electron/core/secrets/secret-store.js';
import { JsonSettingsStore } from '../../electron/core/config/app-settings-store.js';
import { startEngine } from '../../electron/core/engine/engine.js';
import { silentLogger } from '../../electron/core/base/logger.js';
import type { Result } from '../../electron/contract/errors.js';
import { tempDir } from '../core/platform/dingtalk/harness.js';
import { fieldsOf, pathText, sample, wrongValue, type Field, type Path } from './zod-fuzz.js';
import { deepJson, hugeString, prototypeSnapshot } from './hostile.js';
import { rngFor, seedNote } from './prng.js';

const GENERATED_CONFIGS = 300;
const MAX_LINE = 200;

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

/**
 * The sections of a channel: settings grouped under one key, as its DingTalk settings are under `dingtalk`. Each
 * setting in a section counts as a setting of its own here (`dingtalk.clientId`), so none of them can be forgotten.
 */
const SECTIONS = ['dingtalk'];
const inSection = (field: Field) => SECTIONS.includes(String(field.path[0]));
const sectionFields = fieldsOf(ChannelConfigSchema).filter((field) => field.path.length === 1 && inSection(field));

/** The settings a channel has, read from the schema so a new setting cannot be forgotten here. */
const channelFields = fieldsOf(ChannelConfigSchema).filter((field) => (inSection(field) ? field.path.length === 2 : field.path.length === 1));
const channelKeys = channelFields.map((field) => pathText(field.path));

/** Sets `value` at `path`, making the sections on the way. */
function put(target: Record<string, unknown>, path: Path, value: unknown): void {
  const [head, ...rest] = path.map(String);
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const section = (target[head] ??= {}) as Record<string, unknown>;
  put(section, rest, value);
}

/** A value for every setting that a person could plausibly have written, and that is wrong. */
const EVERY_FIELD_WRONG: Record<string, unknown> = {
  type: 'telegram',
  enabled: 'yes',
  dingtalk: {
    clientId: 42,
    clientSecret: 12345678,
    robotCode: [],
    endpoints: { api: 'ftp://x', oapi: 'not a url' },
    proxy: 'socks5://me:hunter22@proxy:1080',
    tables: 'html',
    card: { templateId: 'my card', contentKey: '', intervalMs: 50 },
    maxDownloadMB: '50MB',
  },
  senderPolicy: hugeString(50_000, 'e'),
  allowedUsers: 'boss',
  approvers: 'boss',
  groupPolicy: true,
  groups: { '*': { requireMention: 'no', dispatchMode: 'later' } },
  sessionScope: 'global',
  dispatchMode: 5,
  outputMode: 'loud',
  replyStyle: 'streaming',
  cwd: '',
  instructions: 7,
  model: {},
  agent: { preset: 'gpt', command: '', args: 'x', env: { K: 1 }, authMethod: [] },
  permissions: 'sometimes',
  chatLanguage: 'klingon',
  timeouts: { turnMs: Number.NaN, permissionMs: Number.NEGATIVE_INFINITY, startMs: 1.5, progressMs: -1 },
};

/** JSON5 writes NaN and Infinity, as a person editing the file could. */
const fileWith = (config: unknown) => JSON5.stringify(config, null, 2);

function problemsProblem(problems: ConfigProblem[], prefix: string, wrongKeys: string[]): string | undefined {
  for (const key of wrongKeys) {
    const at = `${prefix}${key}`;
    if (!problems.some((problem) => problem.path === at || problem.path.startsWith(`${at}.`))) return `nothing said about ${at}`;
  }
  for (const problem of problems) {
    const line = `${problem.path}: ${problem.message}`;
    if (line.length > MAX_LINE) return `a ${line.length}-character line: ${line.slice(0, 80)}…`;
    if (/Invalid input|Too (small|big):|\[object Object\]/.test(problem.message)) return `not in the app's words: ${line}`;
  }
  const seen = new Set<string>();
  for (const problem of problems) {
    if (seen.has(problem.path)) return `${problem.path} is reported more than once`;
    seen.add(problem.path);
  }
  return undefined;
}

describe('a config with every field wrong', () => {
  it('covers every setting a channel has', () => {
    // Every section is one the schema has, with settings of its own.
    expect(sectionFields.map((field) => pathText(field.path)).sort()).toEqual([...SECTIONS].sort());
    for (const section of SECTIONS) expect(channelKeys.filter((key) => key.startsWith(`${section}.`)).length, section).toBeGreaterThan(0);
    const written = Object.entries(EVERY_FIELD_WRONG).flatMap(([key, value]) =>
      SECTIONS.includes(key) ? Object.keys(value as Record<string, unknown>).map((inner) => `${key}.${inner}`) : [key],
    );
    expect(written.sort()).toEqual([...channelKeys].sort());
  });

  it('is reported as one list naming every field, in the app’s words, secrets left out', () => {
    const loaded = parseConfig(fileWith({ channels: { team: EVERY_FIELD_WRONG } }), 'dingbridge.json', {});
    expect(loaded.channels).toEqual({});
    const problems = loaded.invalid.team ?? [];
    expect(problemsProblem(problems, 'channels.team.', channelKeys)).toBeUndefined();
    const byPath = Object.fromEntries(problems.map((problem) => [problem.path.replace('channels.team.', ''), problem.message]));
    expect(byPath).toMatchObject({
      type: 'must be one of "dingtalk", "simulator" (got "telegram")',
      enabled: 'must be true or false (got "yes")',
      'dingtalk.robotCode': 'must be the robot code (usually the same as the AppKey) (got [])',
      'dingtalk.tables': 'must be one of "text", "code", "keep" (got "html")',
      senderPolicy: expect.stringMatching(/^must be one of "open", "allowlist", "pairing" \(got "e{10,}…"\)$/),
      'agent.authMethod': 'must be text (got [])',
      'timeouts.turnMs': 'must be a number of milliseconds (got NaN)',
      'timeouts.permissionMs': 'must be a number of milliseconds (got -Infinity)',
    });
    expect(JSON.stringify(problems)).not.toContain('12345678');
    expect(JSON.stringify(problems)).not.toContain('hunter22');
  });

  it('refuses to start headless with one error that lists every problem, the file untouched', async () => {
    const dataDir = await tempDir();
    const file = join(dataDir, 'dingbridge.json');
    const text = fileWith({ env: { GOOD: 'x', BAD: 5 }, channels: { team: EVERY_FIELD_WRONG, other: { dingtalk: { clientId: 'x', clientSecret: 'y' }, sessionScope: 'everyone' } } });
    await writeFile(file, text);
    const start = startEngine({
      dataDir,
      mode: 'headless',
      version: 'fuzz',
      logger: silentLogger,
      strict: true,
      configStore: new JsonFileConfigStore(file, true),
      secrets: await FileSecretStore.open(join(dataDir, 'secrets.json')),
      settings: await JsonSettingsStore.open(join(dataDir, 'settings.json'), dataDir),
    });
    const error = await start.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problemsProblem(problems, 'channels.team.', channelKeys)).toBeUndefined();
    expect(problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['env.BAD', 'channels.other.sessionScope']));
    const message = (error as ConfigError).message;
    expect(message).toMatch(new RegExp(`^There are ${problems.length} problems with the settings in .*dingbridge\\.json:\\n- `));
    for (const problem of problems) expect(message).toContain(`- ${problem.path}: ${problem.message}`);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it(`reports every field of ${GENERATED_CONFIGS} generated all-wrong channels, never throwing anything but a ConfigError`, () => {
    const rng = rngFor('config:generated');
    const before = prototypeSnapshot();
    const failures: string[] = [];
    for (let i = 0; i < GENERATED_CONFIGS; i++) {
      const channel: Record<string, unknown> = {};
      const wrong: string[] = [];
      // Now and then a whole section is wrong (not an object), instead of each setting in it.
      const wholeSections = sectionFields.filter(() => rng.chance(0.1));
      for (const section of wholeSections) {
        channel[String(section.path[0])] = wrongValue(section, rng);
        wrong.push(pathText(section.path));
      }
      for (const field of channelFields) {
        if (wholeSections.some((section) => section.path[0] === field.path[0])) continue;
        const at = pathText(field.path);
        const inner = fieldsOf(field.schema).filter((child) => child.path.length === 1);
        if (inner.length && rng.chance(0.5)) {
          // Right shape, every setting inside it wrong.
          const value = sample(field.schema, rng, true) as Record<string, unknown>;
          for (const child of inner) {
            value[String(child.path[0])] = wrongValue(child, rng);
            wrong.push(`${at}.${pathText(child.path)}`);
          }
          put(channel, field.path, value);
          continue;
        }
        put(channel, field.path, wrongValue(field, rng));
        wrong.push(at);
      }
      let problem: string | undefined;
      try {
        const loaded = parseConfigObject({ channels: { team: channel } }, 'generated', {});
        problem = loaded.channels.team ? 'an all-wrong channel was accepted' : problemsProblem(loaded.invalid.team ?? [], 'channels.team.', wrong);
      } catch (error) {
        problem = `threw ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error)}`;
      }
      if (problem && failures.length < 10) failures.push(`config #${i}: ${problem}`);
    }
    expect(failures, seedNote('generated configs reported wrongly')).toEqual([]);
    expect(prototypeSnapshot(), seedNote('Object.prototype after the run')).toBe(before);
  });
});

describe('config files of the wrong shape', () => {
  it.each([
    ['an empty file', '', '(file)', /is not valid JSON/],
    ['half a file', '{ channels: { team: {', '(file)', /is not valid JSON/],
    ['a list', '[]', '(file)', /must be an object with a "channels" entry/],
    ['a number', '5', '(file)', /must be an object/],
    ['null', 'null', '(file)', /must be an object/],
    ['a string', '"channels"', '(file)', /must be an object/],
    ['channels as a list', '{ channels: [] }', 'channels', /must map channel names to channel settings/],
    ['channels as text', '{ channels: "team" }', 'channels', /must map channel names/],
    ['env as a list', '{ env: [] }', 'env', /must map variable names to text/],
    ['env values that are not text', '{ env: { A: 1, B: {}, C: null } }', 'env.A', /must be text/],
  ])('%s: one ConfigError naming the place', (_what, text, path, message) => {
    let error: unknown;
    try {
      parseConfig(text, 'dingbridge.json', {});
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
    expect((error as ConfigError).message).toContain('dingbridge.json');
  });

  it('keeps each broken channel with its own problems: not an object, a bad name, a reserved name', () => {
    const text = `{
      "channels": {
        "ok": { "type": "simulator" },
        "number": 5,
        "nothing": null,
        "list": [],
        "text": "x",
        "../up": { "type": "simulator" },
        "a/b": { "type": "simulator" },
        "": { "type": "simulator" },
        "__proto__": { "type": "simulator" },
        "constructor": { "type": "simulator" },
        "toString": { "type": "simulator" },
      }
    }`;
    const before = prototypeSnapshot();
    const loaded = parseConfig(text, 'dingbridge.json', {});
    expect(Object.keys(loaded.channels)).toEqual(['ok']);
    expect(Object.getPrototypeOf(loaded.channels)).toBe(Object.getPrototypeOf({}));
    expect(Object.getPrototypeOf(loaded.invalid)).toBe(Object.getPrototypeOf({}));
    expect(Object.keys(loaded.invalid).sort()).toEqual(['', '../up', '__proto__', 'a/b', 'constructor', 'list', 'nothing', 'number', 'text', 'toString'].sort());
    for (const [name, problems] of Object.entries(loaded.invalid)) {
      expect(problems.length, name).toBeGreaterThan(0);
      expect(problems[0]?.path, name).toBe(`channels.${name}`);
    }
    expect(loaded.invalid.number?.[0]?.message).toMatch(/must be an object/);
    expect(loaded.invalid['../up']?.[0]?.message).toMatch(/channel names use letters/);
    expect(new Map(Object.entries(loaded.invalid)).get('constructor')?.[0]?.message).toMatch(/reserved/);
    expect(prototypeSnapshot()).toBe(before);
  });

  it('does not take a variable from what every object inherits', () => {
    const loaded = parseConfig('{ channels: { team: { dingtalk: { clientId: "$constructor", clientSecret: "${toString}" }, cwd: "$__proto__" } } }', 'dingbridge.json', {});
    expect(loaded.channels.team).toBeUndefined();
    expect(loaded.invalid.team?.[0]?.message).toMatch(/the environment variable constructor is not set/);
  });

  it('explains a value nested deeper than can be written back, instead of failing on it', () => {
    const text = `{ channels: { team: { type: "simulator", groups: ${deepJson(20_000)}, agent: { env: ${deepJson(20_000, 'object')} } } } }`;
    const loaded = parseConfig(text, 'dingbridge.json', {});
    expect(loaded.invalid.team?.map((problem) => problem.path)).toEqual(['channels.team.groups', 'channels.team.agent.env.a']);
    expect(problemsProblem(loaded.invalid.team ?? [], 'channels.team.', ['groups', 'agent'])).toBeUndefined();
  });
});

describe('saving a wrong channel', () => {
  async function setup() {
    const dataDir = await tempDir();
    const file = join(dataDir, 'config.json');
    // Written as text, so "__proto__" stays a channel name in the file.
    const text = `{\n  "channels": {\n    "team": { "type": "simulator", "model": "kept", "enabled": false },\n    "constructor": { "type": "simulator" },\n    "__proto__": { "type": "simulator" }\n  }\n}\n`;
    await writeFile(file, text);
    const secretsFile = join(dataDir, 'secrets.json');
    const secrets = await FileSecretStore.open(secretsFile);
    const manager = new ConfigManager(new JsonFileConfigStore(file), secrets, {});
    await manager.load();
    return { dataDir, file, text, manager, secretsFile };
  }

  it('is refused with every problem and leaves the file as it was', async () => {
    const { file, text, manager, secretsFile } = await setup();
    const attempt = manager.saveChannel('team', { ...EVERY_FIELD_WRONG, dingtalk: { ...(EVERY_FIELD_WRONG.dingtalk as Record<string, unknown>), clientSecret: 'a-new-secret' } });
    const error = await attempt.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(problemsProblem((error as ConfigError).problems, '', channelKeys.filter((key) => key !== 'dingtalk.clientSecret'))).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe(text);
    await expect(readFile(secretsFile, 'utf8')).rejects.toThrow();
    expect(manager.current().channels.team?.model).toBe('kept');
  });

  it('refuses hostile channel names through the contract, writing nothing', async () => {
    const { dataDir, file, text } = await setup();
    const engine = await startEngine({
      dataDir,
      mode: 'headless',
      version: 'fuzz',
      logger: silentLogger,
      configStore: new JsonFileConfigStore(file),
      secrets: await FileSecretStore.open(join(dataDir, 'secrets.json')),
      settings: await JsonSettingsStore.open(join(dataDir, 'settings.json'), dataDir),
    });
    stops.push(() => engine.close());
    const before = prototypeSnapshot();
    // The reserved names already in the file are listed as broken channels, saying why.
    const listed = (await engine.dispatch('channels.list', undefined)) as Result;
    expect(listed.ok && (listed.value as Array<{ name: string; status: string; reason?: string }>).map((channel) => [channel.name, channel.status, channel.reason ?? ''])).toEqual([
      ['team', 'stopped', ''],
      ['constructor', 'failed', expect.stringContaining('reserved')],
      ['__proto__', 'failed', expect.stringContaining('reserved')],
    ]);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '../up', 'a/b', '..', ' ', '\u0000', '\u202Eevil', hugeString(1_000, 'n')]) {
      const result = (await engine.dispatch('channels.save', { name, settings: { type: 'simulator' } })) as Result;
      expect(result, JSON.stringify(name).slice(0, 40)).toMatchObject({ ok: false, error: { code: 'invalid_input', problems: [{ path: 'name', message: expect.any(String) }] } });
    }
    for (const name of ['toString', 'hasOwnProperty', 'missing']) {
      expect(await engine.dispatch('channels.remove', { name }), name).toMatchObject({ ok: false, error: { message: expect.stringContaining(`there is no channel "${name}"`) } });
    }
    const deep = await engine.dispatch('channels.save', { name: 'team', settings: { type: 'simulator', groups: JSON.parse(deepJson(20_000)) } });
    expect(deep).toMatchObject({ ok: false, error: { code: 'invalid_input', problems: [{ path: 'groups' }] } });
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(prototypeSnapshot()).toBe(before);
  });
});
