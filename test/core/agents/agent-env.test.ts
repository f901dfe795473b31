import { describe, expect, it } from 'vitest';
import { cleanedAgentEnv, withoutSecrets } from '../../../electron/core/agents/agent-env.js';
import { variablesSecretsReferTo } from '../../../electron/core/config/secret-fields.js';

describe('the environment agents inherit', () => {
  const daemon = {
    PATH: '/usr/local/bin:/usr/bin',
    HOME: '/home/li',
    LANG: 'zh_CN.UTF-8',
    HTTPS_PROXY: 'http://proxy.example:3128',
    OPENAI_API_KEY: 'sk-agents-own',
    DINGTALK_CLIENT_SECRET: 'app-secret',
    dingbridge_home: '/srv/dingbridge',
    TEAM_SECRET: 'team-secret',
  };

  it('keeps what agents work with, and drops Dingbridge’s and DingTalk’s variables and those secrets refer to, in any case', () => {
    expect(withoutSecrets(daemon, new Set(['team_secret']))).toEqual({
      PATH: '/usr/local/bin:/usr/bin',
      HOME: '/home/li',
      LANG: 'zh_CN.UTF-8',
      HTTPS_PROXY: 'http://proxy.example:3128',
      OPENAI_API_KEY: 'sk-agents-own',
    });
  });

  it('is cleaned anew at every start, with the secrets the settings refer to then', async () => {
    let hidden = new Set<string>();
    const provider = cleanedAgentEnv(async () => daemon, () => hidden);
    expect(await provider()).toHaveProperty('OPENAI_API_KEY');
    hidden = new Set(['OPENAI_API_KEY']);
    expect(await provider()).not.toHaveProperty('OPENAI_API_KEY');
  });

  it('finds the variables every channel’s AppSecret and agent.env refer to, and no others', () => {
    const referred = variablesSecretsReferTo({
      channels: {
        team: { clientId: '$DINGTALK_CLIENT_ID', clientSecret: '$TEAM_SECRET', cwd: '${PROJECTS}/app', agent: { env: { KEY: 'Bearer ${API_KEY}', PLAIN: 'x' } } },
        other: { agent: { env: { OPENAI_API_KEY: '$OTHER_KEY' }, args: ['$ARG'] } },
      },
    });
    expect([...referred].sort()).toEqual(['API_KEY', 'OTHER_KEY', 'TEAM_SECRET']);
  });
});
