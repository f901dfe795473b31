import { describe, expect, it } from 'vitest';
import { importOpenPollenSettings, importQwenSettings } from '../../../electron/core/config/import-settings.js';
import { parseChannel } from '../../../electron/core/config/load-config.js';

const qwenSettings = `{
  "env": { "DINGTALK_CLIENT_ID": "dingteam", "PORT": 8080 },
  "channels": {
    "team": {
      "type": "dingtalk",
      "clientId": "$DINGTALK_CLIENT_ID",
      "clientSecret": "$DINGTALK_CLIENT_SECRET",
      "senderPolicy": "pairing",
      "allowedUsers": ["manager807"],
      "sessionScope": "thread",
      "cwd": "~/projects/app",
      "instructions": "Be brief.",
      "model": "qwen3-coder-plus",
      "groupPolicy": "allowlist",
      "groups": { "*": { "requireMention": true }, "cidAsXSBLnA==": { "requireMention": false, "groupHistoryLimit": 20 } },
      "dispatchMode": "collect",
      "outputMode": "process_and_result",
      "blockStreaming": "on",
      "atSender": true
    },
    "tg": { "type": "telegram", "token": "$TG" }
  }
}`;

describe('importing Qwen Code settings', () => {
  it('brings the DingTalk channels over and says what it left out', () => {
    const result = importQwenSettings(qwenSettings);
    expect(result.channels).toEqual({
      team: {
        type: 'dingtalk',
        // Qwen Code writes the credentials at the channel's top level; ours go in its DingTalk section.
        dingtalk: { clientId: '$DINGTALK_CLIENT_ID', clientSecret: '$DINGTALK_CLIENT_SECRET' },
        senderPolicy: 'pairing',
        allowedUsers: ['manager807'],
        sessionScope: 'thread',
        cwd: '~/projects/app',
        instructions: 'Be brief.',
        model: 'qwen3-coder-plus',
        groupPolicy: 'allowlist',
        groups: { '*': { requireMention: true }, 'cidAsXSBLnA==': { requireMention: false } },
        dispatchMode: 'collect',
        outputMode: 'progress',
      },
    });
    expect(result.env).toEqual({ DINGTALK_CLIENT_ID: 'dingteam' });
    expect(result.notes).toEqual([
      { path: 'env.PORT', message: 'is not text, so it was not imported', code: 'not-text' },
      { path: 'channels.team.groups.cidAsXSBLnA==.groupHistoryLimit', message: 'has no equivalent in Dingbridge and was left out', code: 'left-out' },
      { path: 'channels.team.blockStreaming', message: 'has no equivalent in Dingbridge and was left out', code: 'left-out' },
      { path: 'channels.team.atSender', message: 'has no equivalent in Dingbridge and was left out', code: 'left-out' },
      { path: 'channels.tg', message: 'is a telegram channel; only DingTalk channels are imported', code: 'not-dingtalk', value: 'telegram' },
    ]);
    // Valid as imported, but for the folder, which this computer does not have: the preview says so.
    const checked = parseChannel('team', result.channels.team, result.env, { DINGTALK_CLIENT_SECRET: 'x' });
    const problems = checked.ok ? [] : checked.problems;
    expect(problems.filter((problem) => problem.code !== 'folder_missing')).toEqual([]);
    const ready = parseChannel('team', { ...result.channels.team, cwd: process.cwd() }, result.env, { DINGTALK_CLIENT_SECRET: 'x' });
    expect(ready.ok && ready.channel.dingtalk).toMatchObject({ clientId: 'dingteam', clientSecret: 'x', robotCode: 'dingteam' });
  });

  it('answers in cards when the Qwen Code channel streams into cards, with its card template, and says which cards it left out', () => {
    const result = importQwenSettings(`{
      "channels": {
        "team": {
          "type": "dingtalk",
          "clientId": "dingteam",
          "interactiveCards": { "enabled": true, "statusCard": { "enabled": true } },
          "cardTemplateId": "abc.schema"
        }
      }
    }`);
    expect(result.channels.team).toEqual({
      type: 'dingtalk',
      replyStyle: 'card',
      senderPolicy: 'allowlist',
      dingtalk: { clientId: 'dingteam', card: { templateId: 'abc.schema' } },
    });
    expect(result.notes).toEqual([
      { path: 'channels.team.interactiveCards.statusCard', message: 'has no equivalent in Dingbridge and was left out', code: 'left-out' },
    ]);
    // Valid as imported (given the secret Qwen Code's file did not have), its cards made from that template.
    const ready = parseChannel('team', { ...result.channels.team, cwd: process.cwd(), dingtalk: { ...(result.channels.team?.dingtalk as object), clientSecret: 'x' } });
    expect(ready.ok && ready.channel.replyStyle).toBe('card');
    expect(ready.ok && ready.channel.dingtalk.card).toEqual({ templateId: 'abc.schema', contentKey: 'msgContent', intervalMs: 1000 });
  });

  it('answers in markdown messages when the Qwen Code channel has cards turned off', () => {
    const result = importQwenSettings('{ "channels": { "team": { "type": "dingtalk", "interactiveCards": { "enabled": false } } } }');
    expect(result.channels.team).toEqual({ type: 'dingtalk', replyStyle: 'markdown', senderPolicy: 'allowlist' });
    expect(result.notes).toEqual([]);
  });

  it('explains a file it cannot read', () => {
    expect(() => importQwenSettings('{ not json')).toThrow(/Qwen Code settings file is not valid JSON/);
    expect(() => importQwenSettings('{ not json')).toThrow(expect.objectContaining({ note: expect.objectContaining({ code: 'not-json', value: expect.stringContaining('invalid character') }) }));
    expect(() => importQwenSettings('[]')).toThrow(expect.objectContaining({ note: expect.objectContaining({ code: 'not-a-json-object' }) }));
    expect(importQwenSettings('{}').notes).toEqual([{ path: 'channels', message: 'the file has no channels to import', code: 'no-channels' }]);
  });
});

describe('importing OpenPollen settings', () => {
  it('brings the DingTalk channel over with pairing turned on', () => {
    const result = importOpenPollenSettings(`{
      // json5, as OpenPollen writes it
      channels: {
        dingtalk: { enabled: true, clientId: "\${DINGTALK_CLIENT_ID}", clientSecret: "\${DINGTALK_CLIENT_SECRET}", robotCode: "dingrobot", groupPolicy: "mention", historyLimit: 10 },
        feishu: { enabled: false },
      },
    }`);
    expect(result.channels.dingtalk).toEqual({
      type: 'dingtalk',
      enabled: true,
      senderPolicy: 'pairing',
      dingtalk: { clientId: '${DINGTALK_CLIENT_ID}', clientSecret: '${DINGTALK_CLIENT_SECRET}', robotCode: 'dingrobot' },
      groupPolicy: 'open',
      groups: { '*': { requireMention: true } },
    });
    expect(result.notes.map((n) => n.path)).toEqual(['channels.feishu', 'channels.dingtalk', 'channels.dingtalk.historyLimit']);
    expect(importOpenPollenSettings('{channels:{dingtalk:{groupPolicy:"all"}}}').channels.dingtalk?.groups).toEqual({ '*': { requireMention: false } });
  });
});
