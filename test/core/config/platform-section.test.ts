import { describe, expect, it } from 'vitest';
import { inPlatformSection } from '../../../electron/core/config/platform-section.js';
import { parseChannel, parseConfig } from '../../../electron/core/config/load-config.js';
import { secretValuesOf, variablesSecretsReferTo } from '../../../electron/core/config/secret-fields.js';

/** A project folder that exists: this repository. */
const PROJECT = process.cwd();

/** A channel as files wrote it before the `dingtalk` section: its DingTalk settings at the channel's top level. */
const OLD_CHANNEL = {
  clientId: 'dingold',
  clientSecret: 'old-secret-1234',
  robotCode: 'dingrobot',
  endpoints: { api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:10' },
  tables: 'code',
  senderPolicy: 'open',
  cwd: PROJECT,
};

describe('a channel’s DingTalk settings moved into their section', () => {
  it('moves every setting written at the top level into the section, leaving the others and the input as they were', () => {
    const before = structuredClone(OLD_CHANNEL);
    expect(inPlatformSection(OLD_CHANNEL)).toEqual({
      channel: {
        dingtalk: {
          clientId: 'dingold',
          clientSecret: 'old-secret-1234',
          robotCode: 'dingrobot',
          endpoints: { api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:10' },
          tables: 'code',
        },
        senderPolicy: 'open',
        cwd: PROJECT,
      },
      twice: [],
      moved: ['clientId', 'clientSecret', 'robotCode', 'endpoints', 'tables'],
    });
    expect(OLD_CHANNEL).toEqual(before);
    // Some of them in the section already, the others beside it: they end up together.
    expect(inPlatformSection({ clientSecret: 's', dingtalk: { clientId: 'dingabc' }, model: 'm' })).toEqual({
      channel: { dingtalk: { clientId: 'dingabc', clientSecret: 's' }, model: 'm' },
      twice: [],
      moved: ['clientSecret'],
    });
    // A key that holds nothing (a call can send one; a file cannot) is no setting written.
    expect(inPlatformSection({ clientSecret: undefined, dingtalk: { clientSecret: 's' } })).toEqual({ channel: { clientSecret: undefined, dingtalk: { clientSecret: 's' } }, twice: [], moved: [] });
  });

  it('leaves a channel written the new way, or that is no channel at all, as it is', () => {
    const current = { dingtalk: { clientId: 'dingabc', clientSecret: 's' }, cwd: PROJECT };
    expect(inPlatformSection(current)).toEqual({ channel: current, twice: [], moved: [] });
    expect(inPlatformSection(current).channel).toBe(current);
    for (const value of [undefined, null, 5, 'text', ['clientId']]) expect(inPlatformSection(value)).toEqual({ channel: value, twice: [], moved: [] });
    // A section that is no object is for the schema to refuse; nothing is moved into it.
    // A section written as null is none: the settings beside it move into a new one.
    expect(inPlatformSection({ clientId: 'dingabc', dingtalk: null }).channel).toEqual({ dingtalk: { clientId: 'dingabc' } });
    const odd = { clientId: 'dingabc', dingtalk: 'yes' };
    expect(inPlatformSection(odd)).toEqual({ channel: odd, twice: [], moved: [] });
  });

  it('leaves a setting written in both places where it is, naming it', () => {
    expect(inPlatformSection({ clientId: 'dingflat', clientSecret: 's', tables: 'keep', dingtalk: { clientId: 'dingnew', tables: 'text' } })).toEqual({
      channel: { clientId: 'dingflat', tables: 'keep', dingtalk: { clientId: 'dingnew', clientSecret: 's', tables: 'text' } },
      twice: ['clientId', 'tables'],
      moved: ['clientSecret'],
    });
  });
});

describe('a config file written before the dingtalk section', () => {
  it('still loads, with the settings where a channel has them now and their variables substituted', () => {
    const loaded = parseConfig(
      JSON.stringify({ env: { OLD_SECRET: 'from-the-env-block' }, channels: { old: { ...OLD_CHANNEL, clientSecret: '$OLD_SECRET' } } }),
      'dingbridge.json',
      {},
    );
    expect(loaded.invalid).toEqual({});
    const channel = loaded.channels.old;
    expect(channel?.dingtalk).toEqual({
      clientId: 'dingold',
      clientSecret: 'from-the-env-block',
      robotCode: 'dingrobot',
      endpoints: { api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:10' },
      tables: 'code',
      card: { templateId: '382e4302-551d-4880-bf29-a30acfab2e71.schema', contentKey: 'msgContent', intervalMs: 1000 },
      maxDownloadMB: 50,
    });
    expect(channel).toMatchObject({ senderPolicy: 'open', cwd: PROJECT });
    for (const key of ['clientId', 'clientSecret', 'robotCode', 'endpoints', 'tables']) expect(channel, key).not.toHaveProperty(key);
    // The robot code defaults to the AppKey here too.
    const { robotCode: _robotCode, ...withoutRobotCode } = OLD_CHANNEL;
    const defaulted = parseChannel('old', withoutRobotCode, {}, {});
    expect(defaulted.ok && defaulted.channel.dingtalk.robotCode).toBe('dingold');
  });

  it('names a problem with a setting where the old file has it, not in the section it was read into', () => {
    const result = parseChannel('old', { ...OLD_CHANNEL, clientId: 'ding abc', clientSecret: '$MISSING', endpoints: { api: 'ftp://x' } }, {}, {});
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => [problem.path, problem.code])).toEqual([
      ['channels.old.clientSecret', 'env_missing'],
      ['channels.old.clientId', 'bad_appkey'],
      ['channels.old.endpoints.api', 'invalid'],
    ]);
    // Written in the section, a problem is named there.
    const current = parseChannel('new', { dingtalk: { clientId: 'ding abc', clientSecret: 's' }, cwd: PROJECT }, {}, {});
    expect((current.ok ? [] : current.problems).map((problem) => problem.path)).toEqual(['channels.new.dingtalk.clientId']);
  });

  it('says a setting written both at the top level and in the section is written twice, once, at the top-level path', () => {
    const loaded = parseConfig(
      JSON.stringify({ channels: { team: { clientId: 'dingflat', dingtalk: { clientId: 'dingnew', clientSecret: 's' }, cwd: PROJECT } } }),
      'dingbridge.json',
      {},
    );
    expect(loaded.channels).toEqual({});
    expect(loaded.invalid).toEqual({
      team: [
        {
          path: 'channels.team.clientId',
          code: 'written_twice',
          message: 'is written twice: here and as "dingtalk.clientId"; keep the one in the "dingtalk" section and delete this one',
        },
      ],
    });
  });

  it('names each setting written twice, beside every other problem, and never a secret written twice', () => {
    const result = parseChannel('team', {
      clientSecret: 'flat-secret-9876',
      endpoints: { api: 'http://127.0.0.1:9' },
      dingtalk: { clientId: 'dingabc', clientSecret: 'section-secret-5432', endpoints: { api: 'http://127.0.0.1:10' } },
      senderPolicy: 'everyone',
      cwd: PROJECT,
    });
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => [problem.path, problem.code])).toEqual([
      ['channels.team.clientSecret', 'written_twice'],
      ['channels.team.endpoints', 'written_twice'],
      ['channels.team.senderPolicy', 'not_one_of'],
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/flat-secret|section-secret/);
  });
});

describe('the secrets of a channel, wherever its file keeps them', () => {
  it('are its AppSecret in the section or at the top level, and its agent.env values', () => {
    expect(secretValuesOf({ dingtalk: { clientSecret: '$NEW' }, agent: { env: { A: '$AGENT' } } })).toEqual(['$NEW', '$AGENT']);
    expect(secretValuesOf({ clientSecret: '$OLD' })).toEqual(['$OLD']);
    expect(
      [...variablesSecretsReferTo({ channels: { now: { dingtalk: { clientSecret: '${NEW_SECRET}' } }, before: { clientSecret: '$OLD_SECRET', clientId: '$OLD_ID' } } })].sort(),
    ).toEqual(['NEW_SECRET', 'OLD_SECRET']);
  });
});

describe('a dingtalk section written in the wrong shape', () => {
  it('is refused without quoting the AppSecret inside it', () => {
    const result = parseChannel('odd', { dingtalk: [{ clientId: 'dinga', clientSecret: 'S3cr3tValue9' }], cwd: PROJECT }, {}, {});
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => problem.path)).toContain('channels.odd.dingtalk');
    expect(JSON.stringify(problems)).not.toContain('S3cr3tValue9');
  });
});
