import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../../electron/contract/client.js';
import { fakeAgentLaunch } from '../core/agents/fake-agent-launch.js';
import { tempDir } from '../core/platform/dingtalk/harness.js';
import { startDaemon, type AttackedDaemon } from './daemon.js';

let daemon: AttackedDaemon | undefined;
afterEach(async () => daemon?.stop());

const APP_SECRET = 'app-secret-from-the-environment-7f3a';
const OTHER_AGENT_KEY = 'another-channels-agent-key-91c2';
const AGENT_TOKEN = 'agent-token-written-in-config-5d8e';
const LAB_KEY = 'lab-key-passed-by-reference-20b4';

/** The daemon's environment: what a service manager would give it, secrets included. */
const DAEMON_ENV = {
  DINGTALK_CLIENT_SECRET: APP_SECRET,
  DINGTALK_CLIENT_ID: 'dingteamkey',
  DINGBRIDGE_X: 'dingbridge-own-setting',
  TEAM_AGENT_KEY: OTHER_AGENT_KEY,
  LAB_KEY,
  OPENAI_API_KEY: 'sk-the-agents-own-key',
  HTTPS_PROXY: 'http://proxy.example:3128',
  LANG: 'zh_CN.UTF-8',
};

/**
 * A simulator channel whose agent prints its environment when told `env`, beside a DingTalk channel (not started)
 * whose secret fields refer to variables of the daemon's environment.
 */
async function configWithAgentThatPrintsEnv() {
  const cwd = await tempDir();
  const launch = fakeAgentLaunch();
  return {
    channels: {
      lab: {
        type: 'simulator',
        senderPolicy: 'open',
        cwd,
        agent: { preset: 'custom', command: launch.command, args: launch.args, env: { AGENT_TOKEN, PASSED_KEY: '$LAB_KEY' } },
      },
      team: {
        enabled: false,
        dingtalk: { clientId: '$DINGTALK_CLIENT_ID', clientSecret: '$DINGTALK_CLIENT_SECRET' },
        cwd,
        agent: { preset: 'qwen', env: { OPENAI_API_KEY: '$TEAM_AGENT_KEY' } },
      },
    },
  };
}

/** Sends `text` to the simulator channel as Zhang San in a DM and waits for the whole reply. */
async function ask(api: Api, text: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  let sent = false;
  for (;;) {
    if (!sent) sent = await api['simulator.send']({ channel: 'lab', sender: { staffId: 'zhangsan', nick: '张三' }, conversation: 'dm', text }).then(() => true, () => false);
    const replied = sent && (await api['log.query']({ channel: 'lab', kinds: ['reply.sent'] })).length > 0;
    if (replied) {
      const { entries } = await api['simulator.transcript']({ channel: 'lab' });
      return entries
        .filter((entry) => entry.from === 'bot')
        .map((entry) => entry.text)
        .join('');
    }
    if (Date.now() > deadline) throw new Error(`no reply to "${text}" within 30 s:\n${daemon?.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const namesIn = (printed: string) => printed.split('\n').map((line) => line.slice(0, line.indexOf('=')));

describe('what the agent can see of the daemon’s environment', () => {
  it('leaves out the variables secret fields refer to and Dingbridge’s and DingTalk’s own, and adds agent.env', async () => {
    daemon = await startDaemon({ config: await configWithAgentThatPrintsEnv(), env: DAEMON_ENV });
    const { api, close } = daemon.api();
    try {
      const printed = await ask(api, 'env');
      const names = namesIn(printed);

      expect(printed).not.toContain(APP_SECRET);
      expect(printed).not.toContain(OTHER_AGENT_KEY);
      expect(names.filter((name) => /^(DINGTALK|DINGBRIDGE)_/i.test(name))).toEqual([]);
      expect(names).not.toContain('TEAM_AGENT_KEY');
      expect(names).not.toContain('LAB_KEY');

      expect(printed).toContain(`AGENT_TOKEN=${AGENT_TOKEN}`);
      expect(printed).toContain(`PASSED_KEY=${LAB_KEY}`);
      expect(printed).toContain('OPENAI_API_KEY=sk-the-agents-own-key');
      expect(printed).toContain('HTTPS_PROXY=http://proxy.example:3128');
      expect(printed).toContain('LANG=zh_CN.UTF-8');
      expect(names).toEqual(expect.arrayContaining(['PATH', 'HOME']));
    } finally {
      close();
    }
  }, 60_000);

  it('keeps agent.env values out of the event log and the daemon’s output, and says they are kept in plain text', async () => {
    daemon = await startDaemon({ config: await configWithAgentThatPrintsEnv(), env: DAEMON_ENV });
    const { api, close } = daemon.api();
    try {
      expect(await ask(api, 'env')).toContain(AGENT_TOKEN);
      const logged = JSON.stringify(await api['log.query']({}));
      expect(logged).toContain('AGENT_TOKEN=***');
      for (const secret of [AGENT_TOKEN, LAB_KEY]) expect(logged).not.toContain(secret);
    } finally {
      close();
    }
    await daemon.stop();
    const onDisk = await readFile(join(daemon.dataDir, 'logs', 'events.jsonl'), 'utf8');
    expect(onDisk).toContain('AGENT_TOKEN=***');
    expect(onDisk).not.toContain(AGENT_TOKEN);
    expect(daemon.output()).toMatch(/"lab" keeps agent\.env values in plain text in the settings file \(AGENT_TOKEN\)/);
    expect(daemon.output()).not.toContain(AGENT_TOKEN);
  }, 60_000);
});
