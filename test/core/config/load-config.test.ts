import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChannel, parseConfig } from '../../../electron/core/config/load-config.js';
import { JsonFileConfigStore } from '../../../electron/core/config/config-store.js';
import { ConfigError } from '../../../electron/core/config/config-errors.js';
import { DEFAULT_INSTRUCTIONS } from '../../../electron/core/config/defaults.js';

const minimal = { clientId: 'dingabc', clientSecret: 'secret-1234' };

describe('channel config', () => {
  it('fills Qwen Code’s defaults and ours', () => {
    const result = parseChannel('work', minimal);
    expect(result).toEqual({
      ok: true,
      channel: expect.objectContaining({
        type: 'dingtalk',
        enabled: true,
        robotCode: 'dingabc',
        senderPolicy: 'allowlist',
        allowedUsers: [],
        groupPolicy: 'disabled',
        groups: {},
        sessionScope: 'user',
        dispatchMode: 'steer',
        outputMode: 'final',
        permissions: 'ask',
        tables: 'text',
        cwd: homedir(),
        instructions: DEFAULT_INSTRUCTIONS,
        agent: { preset: 'qwen', args: [], env: {} },
        endpoints: { api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' },
      }),
    });
    expect(DEFAULT_INSTRUCTIONS).toMatch(/Never use tables/);
  });

  it('accepts Qwen Code’s outputMode spellings and group defaults', () => {
    const result = parseChannel('work', { ...minimal, outputMode: 'process_and_result', groups: { '*': {}, cid1: { requireMention: false } } });
    expect(result.ok && result.channel.outputMode).toBe('progress');
    expect(result.ok && result.channel.groups).toEqual({ '*': { requireMention: true }, cid1: { requireMention: false } });
  });

  it('substitutes $NAME and ${NAME} from the file’s env block, then the environment', () => {
    const result = parseChannel(
      'work',
      { clientId: '$APP_KEY', clientSecret: '${APP_SECRET}', cwd: '~/projects/${PROJECT}', instructions: 'Costs $5, keep ${THIS}' },
      { APP_SECRET: 'from-file' },
      { APP_KEY: 'from-env', APP_SECRET: 'env-loses', PROJECT: 'demo' },
    );
    expect(result.ok && result.channel).toMatchObject({
      clientId: 'from-env',
      clientSecret: 'from-file',
      cwd: join(homedir(), 'projects/demo'),
      instructions: 'Costs $5, keep ${THIS}',
    });
  });

  it('names a missing variable and the field that uses it', () => {
    expect(parseChannel('work', { ...minimal, clientSecret: '$DINGTALK_SECRET' }, {}, {})).toEqual({
      ok: false,
      problems: [
        {
          path: 'channels.work.clientSecret',
          message: `the environment variable DINGTALK_SECRET is not set (referenced as $DINGTALK_SECRET); set it, or add it to the config's "env" block`,
        },
      ],
    });
  });

  it('explains every invalid value, naming the field and what is allowed', () => {
    const result = parseChannel('bad', {
      type: 'wechat',
      enabled: 'yes',
      clientId: '',
      clientSecret: 42,
      senderPolicy: 'everyone',
      allowedUsers: 'manager807',
      groupPolicy: 'all',
      groups: { '*': { requireMention: 'no' } },
      sessionScope: 'chat',
      dispatchMode: 'queue',
      outputMode: 'verbose',
      cwd: 7,
      instructions: ['x'],
      model: '',
      agent: { preset: 'cursor' },
      permissions: 'yolo',
      tables: 'html',
      endpoints: { api: 'not a url' },
      timeouts: { turnMs: -5 },
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const byField = Object.fromEntries(problems.map((p) => [p.path.replace('channels.bad.', ''), p.message]));
    expect(byField).toMatchObject({
      type: 'must be one of "dingtalk", "simulator" (got "wechat")',
      enabled: 'must be true or false (got "yes")',
      clientId: expect.stringContaining('must not be empty'),
      clientSecret: 'must be the AppSecret (Client Secret) from the DingTalk developer portal',
      senderPolicy: 'must be one of "open", "allowlist", "pairing" (got "everyone")',
      allowedUsers: 'must be a list of staffIds (got "manager807")',
      groupPolicy: 'must be one of "disabled", "allowlist", "open" (got "all")',
      'groups.*.requireMention': 'must be true or false (got "no")',
      sessionScope: 'must be one of "user", "thread", "single" (got "chat")',
      dispatchMode: 'must be one of "collect", "followup", "steer" (got "queue")',
      outputMode: 'must be one of "final", "progress" (got "verbose")',
      cwd: 'must be a folder (got 7)',
      instructions: 'must be text (got ["x"])',
      model: expect.stringContaining('must not be empty'),
      'agent.preset': expect.stringContaining('must be one of "qwen", "claude"'),
      permissions: 'must be one of "ask", "chat", "auto", "deny" (got "yolo")',
      tables: 'must be one of "text", "code", "keep" (got "html")',
      'endpoints.api': expect.stringMatching(/must be an http\(s\) URL|must start with http/),
      'timeouts.turnMs': 'must be more than 0 ms (got -5)',
    });
    expect(problems.map((p) => p.message).join('\n')).not.toContain('42');
  });

  it('requires the credentials of a DingTalk channel but not of a simulator', () => {
    const missing = parseChannel('work', {});
    expect(missing.ok ? [] : missing.problems.map((p) => p.path)).toEqual(['channels.work.clientId', 'channels.work.clientSecret']);
    expect(parseChannel('sim', { type: 'simulator' }).ok).toBe(true);
  });
});

describe('config files', () => {
  it('reads JSON with comments and trailing commas, keeping valid channels beside invalid ones', () => {
    const loaded = parseConfig(
      `{
        // the team bot
        env: { SECRET: "s" },
        channels: {
          team: { clientId: "dingteam", clientSecret: "$SECRET", },
          broken: { clientId: "x", clientSecret: "y", senderPolicy: "nobody" },
          "bad/name": {},
        },
      }`,
      'dingbridge.json',
      {},
    );
    expect(Object.keys(loaded.channels)).toEqual(['team']);
    expect(loaded.channels.team?.clientSecret).toBe('s');
    expect(Object.keys(loaded.invalid).sort()).toEqual(['bad/name', 'broken']);
    expect(loaded.invalid['bad/name']?.[0]?.message).toMatch(/channel names use letters/);
  });

  it('says where a file is not valid JSON', () => {
    expect(() => parseConfig('{ channels: { a: } }', 'x.json')).toThrow(ConfigError);
    expect(() => parseConfig('{ channels: { a: } }', 'x.json')).toThrow(/problem with the settings in x.json:\n- \(file\): is not valid JSON: invalid character '}' at 1:18/);
    expect(() => parseConfig('[1]', 'x.json')).toThrow(/must be an object with a "channels" entry/);
    expect(() => parseConfig('{ channels: [] }', 'x.json')).toThrow(/channels: must map channel names/);
    expect(() => parseConfig('{ env: { A: 1 } }', 'x.json')).toThrow(/env\.A: must be text/);
  });

  it('says when a named file is missing, and treats a missing default file as no channels yet', async () => {
    await expect(new JsonFileConfigStore('/no/such/dingbridge.json', true).read()).rejects.toThrow('/no/such/dingbridge.json:\n- (file): does not exist');
    await expect(new JsonFileConfigStore('/no/such/dingbridge.json').read()).resolves.toEqual({});
  });
});
