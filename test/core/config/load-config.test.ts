import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseChannel, parseConfig } from '../../../electron/core/config/load-config.js';
import { ChannelConfigSchema } from '../../../electron/core/config/channel-schema.js';
import { JsonFileConfigStore } from '../../../electron/core/config/config-store.js';
import { ConfigError } from '../../../electron/core/config/config-errors.js';
import { DEFAULT_INSTRUCTIONS } from '../../../electron/core/config/defaults.js';
import { tempDir } from '../platform/dingtalk/harness.js';

/** A project folder that exists: this repository, which neither is nor holds a home folder. */
const PROJECT = process.cwd();
const minimal = { dingtalk: { clientId: 'dingabc', clientSecret: 'secret-1234' }, cwd: PROJECT };
/** `minimal` with other settings in its `dingtalk` section. */
const withDingTalk = (section: Record<string, unknown>) => ({ ...minimal, dingtalk: { ...minimal.dingtalk, ...section } });

/** A home folder of the test's own, so `~` means a folder whose contents the test decides (homedir() reads HOME). */
const realHome = { HOME: process.env.HOME, USERPROFILE: process.env.USERPROFILE };
afterEach(() => {
  for (const [key, value] of Object.entries(realHome)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
async function ownHome(): Promise<string> {
  const home = await tempDir();
  process.env.HOME = home;
  process.env.USERPROFILE = home;
  return home;
}

describe('channel config', () => {
  it('fills Qwen Code’s defaults and ours', () => {
    const result = parseChannel('work', minimal);
    expect(result).toEqual({
      ok: true,
      channel: expect.objectContaining({
        type: 'dingtalk',
        enabled: true,
        dingtalk: {
          clientId: 'dingabc',
          clientSecret: 'secret-1234',
          robotCode: 'dingabc',
          tables: 'text',
          endpoints: { api: 'https://api.dingtalk.com', oapi: 'https://oapi.dingtalk.com' },
          card: { templateId: '382e4302-551d-4880-bf29-a30acfab2e71.schema', contentKey: 'msgContent', intervalMs: 1000 },
          maxDownloadMB: 50,
        },
        senderPolicy: 'allowlist',
        allowedUsers: [],
        groupPolicy: 'disabled',
        groups: {},
        sessionScope: 'user',
        dispatchMode: 'steer',
        outputMode: 'final',
        replyStyle: 'markdown',
        permissions: 'ask',
        cwd: PROJECT,
        instructions: DEFAULT_INSTRUCTIONS,
        agent: { preset: 'qwen', args: [], env: {} },
      }),
    });
    // The DingTalk settings are in their section only.
    const channel = result.ok ? result.channel : {};
    for (const key of ['clientId', 'clientSecret', 'robotCode', 'tables', 'endpoints']) expect(channel, key).not.toHaveProperty(key);
    expect(DEFAULT_INSTRUCTIONS).toMatch(/Never use tables/);
  });

  it('accepts Qwen Code’s outputMode spellings and group defaults', () => {
    const result = parseChannel('work', { ...minimal, outputMode: 'process_and_result', groups: { '*': {}, cid1: { requireMention: false } } });
    expect(result.ok && result.channel.outputMode).toBe('progress');
    expect(result.ok && result.channel.groups).toEqual({ '*': {}, cid1: { requireMention: false } });
  });

  it('substitutes $NAME and ${NAME} from the file’s env block, then the environment', async () => {
    const home = await ownHome();
    await mkdir(join(home, 'projects', 'demo'), { recursive: true });
    const result = parseChannel(
      'work',
      {
        dingtalk: { clientId: '$APP_KEY', clientSecret: '${APP_SECRET}', robotCode: '$ROBOT', endpoints: { api: 'http://${HOST}:9', oapi: '$OAPI' } },
        cwd: '~/projects/${PROJECT}',
        instructions: 'Costs $5, keep ${THIS}',
      },
      { APP_SECRET: 'from-file', HOST: '127.0.0.1' },
      { APP_KEY: 'dingfromenv', APP_SECRET: 'env-loses', PROJECT: 'demo', ROBOT: 'dingrobot', OAPI: 'http://127.0.0.1:10/' },
    );
    expect(result.ok && result.channel).toMatchObject({
      dingtalk: {
        clientId: 'dingfromenv',
        clientSecret: 'from-file',
        robotCode: 'dingrobot',
        endpoints: { api: 'http://127.0.0.1:9', oapi: 'http://127.0.0.1:10' },
      },
      cwd: join(home, 'projects/demo'),
      instructions: 'Costs $5, keep ${THIS}',
    });
  });

  it('names a missing variable and the field that uses it', () => {
    expect(parseChannel('work', withDingTalk({ clientSecret: '$DINGTALK_SECRET' }), {}, {})).toEqual({
      ok: false,
      problems: [
        {
          path: 'channels.work.dingtalk.clientSecret',
          message: `the environment variable DINGTALK_SECRET is not set (referenced as $DINGTALK_SECRET); set it, or add it to the config's "env" block`,
          code: 'env_missing',
          value: 'DINGTALK_SECRET',
        },
      ],
    });
  });

  it('explains every invalid value, naming the field and what is allowed', () => {
    const result = parseChannel('bad', {
      type: 'wechat',
      enabled: 'yes',
      dingtalk: { clientId: '', clientSecret: 42, robotCode: [], tables: 'html', endpoints: { api: 'not a url' } },
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
      timeouts: { turnMs: -5 },
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const byField = Object.fromEntries(problems.map((p) => [p.path.replace('channels.bad.', ''), p.message]));
    expect(byField).toMatchObject({
      type: 'must be one of "dingtalk", "simulator" (got "wechat")',
      enabled: 'must be true or false (got "yes")',
      'dingtalk.clientId': expect.stringContaining('must not be empty'),
      'dingtalk.clientSecret': 'must be the AppSecret (Client Secret) from the DingTalk developer portal',
      'dingtalk.robotCode': 'must be the robot code (usually the same as the AppKey) (got [])',
      'dingtalk.tables': 'must be one of "text", "code", "keep" (got "html")',
      'dingtalk.endpoints.api': expect.stringMatching(/must be an http\(s\) URL|must start with http/),
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
      'timeouts.turnMs': 'must be more than 0 ms (got -5)',
    });
    expect(problems.map((p) => p.message).join('\n')).not.toContain('42');
  });

  it('requires the credentials and the working folder of a DingTalk channel but not of a simulator', () => {
    const missing = parseChannel('work', {});
    expect(missing.ok ? [] : missing.problems.map((p) => [p.path, p.code, p.message])).toEqual([
      ['channels.work.dingtalk.clientId', 'required', expect.any(String)],
      ['channels.work.dingtalk.clientSecret', 'required', expect.any(String)],
      ['channels.work.cwd', 'required', 'is required: the project folder the agent works in (not your home folder)'],
    ]);
    const simulator = parseChannel('sim', { type: 'simulator' });
    expect(simulator.ok && simulator.channel.cwd).toBeUndefined();
  });

  it('gives each problem a code, so a window can word it in its own language', () => {
    const result = parseChannel('bad', { dingtalk: { clientId: '', clientSecret: 'x', endpoints: { api: 'not a url' } }, cwd: PROJECT, senderPolicy: 'everyone', enabled: 'yes' });
    const codes = Object.fromEntries((result.ok ? [] : result.problems).map((p) => [p.path.replace('channels.bad.', ''), p.code]));
    expect(codes).toEqual({ 'dingtalk.clientId': 'empty', senderPolicy: 'not_one_of', enabled: 'wrong_type', 'dingtalk.endpoints.api': 'bad_url' });
    const names = parseConfig('{ channels: { "a/b": {}, "constructor": {} } }', 'x.json', {}).invalid;
    expect(new Map(Object.entries(names)).get('a/b')?.[0]?.code).toBe('bad_name');
    expect(new Map(Object.entries(names)).get('constructor')?.[0]?.code).toBe('reserved_name');
  });

  it('takes an AppKey of letters and digits, trimmed, or a $NAME reference, and refuses anything else with a clear message', () => {
    for (const clientId of ['dingabc123XYZ', '  dingabc  ', 'suiteabc123']) {
      const result = parseChannel('work', withDingTalk({ clientId }));
      expect(result.ok && result.channel.dingtalk.clientId, clientId).toBe(clientId.trim());
    }
    expect(parseChannel('work', withDingTalk({ clientId: '$APP_KEY' }), {}, { APP_KEY: 'dingfromenv' }).ok).toBe(true);
    expect(parseChannel('work', withDingTalk({ clientId: 'ding${SUFFIX}' }), { SUFFIX: 'abc' }, {}).ok).toBe(true);
    // The reference's value is checked too, once it is known.
    const badValue = parseChannel('work', withDingTalk({ clientId: '$APP_KEY' }), {}, { APP_KEY: 'ding abc' });
    expect(badValue.ok ? [] : badValue.problems).toEqual([expect.objectContaining({ path: 'channels.work.dingtalk.clientId', code: 'bad_appkey' })]);
    for (const clientId of ['ding abc', '<AppKey>', 'ding<abc>', '2871234567', 'ding-abc', 'dingabc\u200b']) {
      const result = parseChannel('work', withDingTalk({ clientId }));
      expect(result.ok ? [] : result.problems, clientId).toEqual([
        {
          path: 'channels.work.dingtalk.clientId',
          code: 'bad_appkey',
          message: `is not an AppKey: it has only letters and digits and starts with a letter, like dingxxxxxxxx (got "${clientId.trim()}")`,
        },
      ]);
    }
    // The form checks with the schema before anything is substituted, so it takes a reference as written.
    for (const clientId of ['$APP_KEY', '${APP_KEY}', 'ding${SUFFIX}']) expect(ChannelConfigSchema.safeParse(withDingTalk({ clientId })).success, clientId).toBe(true);
    for (const clientId of ['$APP KEY', '${APP_KEY', 'ding $X']) expect(ChannelConfigSchema.safeParse(withDingTalk({ clientId })).success, clientId).toBe(false);
  });

  it('takes the AI card answers stream into, and refuses a card the channel could not make, saying what is wanted', () => {
    const custom = parseChannel('work', { ...withDingTalk({ card: { templateId: ' abc-123.schema ', contentKey: 'content', intervalMs: 2000 } }), replyStyle: 'card' });
    expect(custom.ok && custom.channel.replyStyle).toBe('card');
    expect(custom.ok && custom.channel.dingtalk.card).toEqual({ templateId: 'abc-123.schema', contentKey: 'content', intervalMs: 2000 });

    const template = parseChannel('work', withDingTalk({ card: { templateId: 'not-a-template' } }));
    expect(template.ok ? [] : template.problems).toEqual([
      {
        path: 'channels.work.dingtalk.card.templateId',
        code: 'bad_template',
        message: 'is not a card template id: it ends in .schema, like 382e4302-551d-4880-bf29-a30acfab2e71.schema (got "not-a-template")',
      },
    ]);
    const fast = parseChannel('work', withDingTalk({ card: { intervalMs: 100 } }));
    expect(fast.ok ? [] : fast.problems).toEqual([
      expect.objectContaining({ path: 'channels.work.dingtalk.card.intervalMs', message: 'must be at least 300 ms: DingTalk refuses cards that update faster (got 100)' }),
    ]);
    for (const intervalMs of [300, 10_000]) expect(parseChannel('work', withDingTalk({ card: { intervalMs } })).ok, String(intervalMs)).toBe(true);
    for (const intervalMs of [10_001, 1500.5, '1000']) {
      const result = parseChannel('work', withDingTalk({ card: { intervalMs } }));
      expect(result.ok ? [] : result.problems.map((p) => p.path), String(intervalMs)).toEqual(['channels.work.dingtalk.card.intervalMs']);
    }
    const key = parseChannel('work', withDingTalk({ card: { contentKey: '  ' } }));
    expect(key.ok ? [] : key.problems.map((p) => [p.path, p.code])).toEqual([['channels.work.dingtalk.card.contentKey', 'empty']]);

    const style = parseChannel('work', { ...minimal, replyStyle: 'cards' });
    expect(style.ok ? [] : style.problems).toEqual([
      { path: 'channels.work.replyStyle', code: 'not_one_of', message: 'must be one of "markdown", "card" (got "cards")' },
    ]);
  });

  it('refuses a working folder that does not exist or is a file, saying which folder it looked for', async () => {
    const home = await ownHome();
    await mkdir(join(home, 'projects', 'app'), { recursive: true });
    await writeFile(join(home, 'notes.txt'), 'x');
    const ok = parseChannel('work', { ...minimal, cwd: '~/projects/app' });
    expect(ok.ok && ok.channel.cwd).toBe(join(home, 'projects', 'app'));
    expect(parseChannel('work', minimal).ok).toBe(true);

    const missing = parseChannel('work', { ...minimal, cwd: '~/projects/new' });
    const folder = join(home, 'projects', 'new');
    expect(missing.ok ? [] : missing.problems).toEqual([
      {
        path: 'channels.work.cwd',
        code: 'folder_missing',
        value: folder,
        message: `the folder ${folder} (written as "~/projects/new") does not exist; create it, or choose another folder`,
      },
    ]);
    const file = parseChannel('work', { ...minimal, cwd: join(home, 'notes.txt') });
    expect(file.ok ? [] : file.problems).toEqual([expect.objectContaining({ path: 'channels.work.cwd', code: 'not_a_folder', value: join(home, 'notes.txt') })]);
    // Listed with the other problems at once, and not when the setting itself is wrong or its variable missing.
    const both = parseChannel('work', { ...withDingTalk({ clientId: 'ding abc' }), cwd: '/no/such/folder' });
    expect(both.ok ? [] : both.problems.map((p) => p.code)).toEqual(['bad_appkey', 'folder_missing']);
    const empty = parseChannel('work', { ...minimal, cwd: ' ' });
    expect(empty.ok ? [] : empty.problems.map((p) => p.code)).toEqual(['empty']);
    const unset = parseChannel('work', { ...minimal, cwd: '$WORK' }, {}, {});
    expect(unset.ok ? [] : unset.problems.map((p) => p.code)).toEqual(['env_missing']);
  });

  it('refuses a working folder that would show the agent the home folder or Dingbridge’s data, saying why', async () => {
    const home = await ownHome();
    const problemOf = (cwd: string, dataDir?: string) => {
      const result = parseChannel('work', { ...minimal, cwd }, {}, {}, dataDir);
      return result.ok ? undefined : result.problems[0];
    };
    expect(problemOf('~')).toEqual({
      path: 'channels.work.cwd',
      code: 'home_folder',
      value: home,
      message: `${home} (written as "~") is your home folder, with your SSH keys and Dingbridge's own secrets; choose a project folder for the agent instead, such as ~/projects/app`,
    });
    expect(problemOf(join(home, '..'))).toMatchObject({ code: 'home_folder', message: expect.stringContaining(`holds your home folder (${home})`) });
    expect(problemOf(parse(home).root)).toMatchObject({ code: 'root_folder', value: parse(home).root });

    // Links are followed: a link to the home folder is the home folder.
    const elsewhere = await tempDir();
    await symlink(home, join(elsewhere, 'link'));
    expect(problemOf(join(elsewhere, 'link'))).toMatchObject({ code: 'home_folder' });

    const project = await tempDir();
    const dataDir = join(project, 'data');
    await mkdir(join(dataDir, 'workspaces', 'sim'), { recursive: true });
    expect(problemOf(project, dataDir)).toMatchObject({ code: 'holds_data_folder', value: project, message: expect.stringContaining(`holds Dingbridge's data folder (${dataDir})`) });
    expect(problemOf(dataDir, dataDir)).toMatchObject({ code: 'holds_data_folder' });
    // A folder inside the data folder does not hold it: the simulator's own folder is one.
    expect(problemOf(join(dataDir, 'workspaces', 'sim'), dataDir)).toBeUndefined();
    expect(problemOf(project)).toBeUndefined();
  });
});

describe('config files', () => {
  it('reads JSON with comments and trailing commas, keeping valid channels beside invalid ones', () => {
    const loaded = parseConfig(
      `{
        // the team bot
        env: { SECRET: "s" },
        channels: {
          team: { dingtalk: { clientId: "dingteam", clientSecret: "$SECRET", }, cwd: ${JSON.stringify(PROJECT)}, },
          broken: { dingtalk: { clientId: "x", clientSecret: "y" }, senderPolicy: "nobody" },
          "bad/name": {},
        },
      }`,
      'dingbridge.json',
      {},
    );
    expect(Object.keys(loaded.channels)).toEqual(['team']);
    expect(loaded.channels.team?.dingtalk.clientSecret).toBe('s');
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
