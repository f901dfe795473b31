import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/core/config/load-config.js';
import { importQwenSettings } from '../../../electron/core/config/import-settings.js';
import { closestWord } from '../../../electron/core/config/closest-word.js';

/** A project folder that exists: this repository. */
const PROJECT = process.cwd();
const team = (settings: Record<string, unknown>) => ({ dingtalk: { clientId: 'dingabc', clientSecret: 'secret-1234' }, cwd: PROJECT, ...settings });
const load = (channel: Record<string, unknown>) => parseConfig(JSON.stringify({ channels: { team: channel } }), 'dingbridge.json', {});

describe('keys no setting has', () => {
  it('names a typo at the channel level and the setting meant, and still runs the channel without it', () => {
    const loaded = load(team({ allowedUser: ['manager807'], senderPolicy: 'allowlist' }));
    expect(loaded.unknownSettings).toEqual({
      team: [{ path: 'channels.team.allowedUser', message: 'is not a setting; did you mean allowedUsers?', code: 'not_a_setting', value: 'allowedUsers' }],
    });
    expect(loaded.invalid).toEqual({});
    expect(loaded.channels.team).toMatchObject({ senderPolicy: 'allowlist', allowedUsers: [] });
  });

  it('names a typo in the dingtalk section, in a group and in the agent, each with its full path', () => {
    const loaded = load(
      team({
        dingtalk: { clientId: 'dingabc', clientSecret: 'secret-1234', tabels: 'list', card: { templateID: 'x.schema' } },
        groupPolicy: 'allowlist',
        groups: { '*': { requireMention: false }, cidX: { requireMentions: false } },
        agent: { preset: 'qwen', arg: ['--yolo'] },
      }),
    );
    expect(loaded.unknownSettings.team?.map(({ path, message }) => `${path} ${message}`)).toEqual([
      'channels.team.dingtalk.tabels is not a setting; did you mean tables?',
      'channels.team.dingtalk.card.templateID is not a setting; did you mean templateId?',
      'channels.team.groups.cidX.requireMentions is not a setting; did you mean requireMention?',
      'channels.team.agent.arg is not a setting; did you mean args?',
    ]);
    expect(loaded.channels.team).toBeDefined();
  });

  it('says a key like no setting is one, without a guess', () => {
    expect(load(team({ colour: 'blue' })).unknownSettings.team).toEqual([{ path: 'channels.team.colour', message: 'is not a setting; it does nothing', code: 'not_a_setting' }]);
  });

  it('says nothing of a file with only settings, written before the dingtalk section or after', () => {
    const everything = team({
      type: 'dingtalk',
      enabled: true,
      dingtalk: { clientId: 'dingabc', clientSecret: 'secret-1234', robotCode: 'dingabc', endpoints: { api: 'https://api.dingtalk.com' }, tables: 'list', card: { templateId: 'x.schema' } },
      senderPolicy: 'pairing',
      allowedUsers: [],
      approvers: [],
      groupPolicy: 'open',
      groups: { '*': { requireMention: true, dispatchMode: 'collect' } },
      sessionScope: 'user',
      dispatchMode: 'steer',
      outputMode: 'final',
      replyStyle: 'markdown',
      instructions: '',
      model: 'm',
      agent: { preset: 'qwen', args: [], env: { A: 'b' }, authMethod: 'x' },
      permissions: 'ask',
      chatLanguage: 'en',
      timeouts: { turnMs: 1000 },
    });
    expect(load(everything).unknownSettings).toEqual({});
    expect(load({ clientId: 'dingabc', clientSecret: 'secret-1234', endpoints: { api: 'https://api.dingtalk.com' }, cwd: PROJECT }).unknownSettings).toEqual({});
  });

  it('says where the file has it a typo inside a setting written at the top level, as older files do', () => {
    const loaded = load({ clientId: 'dingabc', clientSecret: 'secret-1234', endpoints: { apii: 'https://api.dingtalk.com' }, cwd: PROJECT });
    expect(loaded.unknownSettings.team?.map((problem) => problem.path)).toEqual(['channels.team.endpoints.apii']);
  });

  it('lets Qwen Code’s own settings be: those the import leaves out are not called typos', () => {
    const qwen = {
      type: 'dingtalk',
      clientId: 'dingabc',
      clientSecret: 'secret-1234',
      cwd: PROJECT,
      senderPolicy: 'open',
      groupPolicy: 'open',
      groups: { '*': { requireMention: true, groupHistoryLimit: 20 } },
      dmPolicy: 'open',
      groupHistoryLimit: 20,
      blockStreaming: 'on',
      blockStreamingChunk: { minChars: 400 },
      interactiveCards: { enabled: true, statusCard: { enabled: true } },
      cardTemplateId: 'x.schema',
      aggregateBackgroundAgentResponses: true,
      approvalMode: 'default',
    };
    const leftOut = importQwenSettings(JSON.stringify({ channels: { team: qwen } })).notes.filter((note) => note.code === 'left-out');
    expect(leftOut.length).toBeGreaterThan(5);
    const loaded = load(qwen);
    expect(loaded.unknownSettings).toEqual({});
    expect(loaded.channels.team).toBeDefined();
  });

  it('names a key at the top of the file that is not a setting, such as a misspelt channels, which leaves none to run', () => {
    const loaded = parseConfig(JSON.stringify({ $schema: './schema.json', env: {}, chanels: { team: team({}) }, logLevel: 'debug' }), 'dingbridge.json', {});
    expect(loaded.channels).toEqual({});
    expect(loaded.unknownFileKeys).toEqual([
      { path: 'chanels', message: 'is not a setting; did you mean channels?', code: 'not_a_setting', value: 'channels' },
      { path: 'logLevel', message: 'is not a setting; it does nothing', code: 'not_a_setting' },
    ]);
    expect(load(team({})).unknownFileKeys).toEqual([]);
  });

  it('names a typo in a channel that cannot run too, beside its problems', () => {
    const loaded = load({ dingtalk: { clientId: 'dingabc', clientSecret: 'secret-1234' }, cwdd: PROJECT });
    expect(loaded.invalid.team?.map((problem) => problem.path)).toEqual(['channels.team.cwd']);
    expect(loaded.unknownSettings.team?.map((problem) => problem.message)).toEqual(['is not a setting; did you mean cwd?']);
  });
});

describe('the setting a typo meant', () => {
  it('allows a slip or two, swapped letters and another case', () => {
    expect(closestWord('requireMentions', ['requireMention', 'dispatchMode'])).toBe('requireMention');
    expect(closestWord('modle', ['model', 'cwd'])).toBe('model');
    expect(closestWord('clientID', ['clientId', 'clientSecret'])).toBe('clientId');
    expect(closestWord('sesionScop', ['sessionScope', 'senderPolicy'])).toBe('sessionScope');
  });

  it('offers none when nothing is close, and the closest of several', () => {
    expect(closestWord('colour', ['cwd', 'model'])).toBeUndefined();
    expect(closestWord('x', ['cwd'])).toBeUndefined();
    expect(closestWord('arg', ['args', 'env'])).toBe('args');
  });
});
