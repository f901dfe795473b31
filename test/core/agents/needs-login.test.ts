import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRuntime } from './runtime-harness.js';
import { tempDir } from '../platform/dingtalk/harness.js';
import type { SessionUnavailable } from '../../../electron/core/agents/agent-runtime.js';

describe('an agent that refuses sessions until someone logs in', () => {
  it('is not "ready": its state says it needs a login, each failed turn says so once, and /status too', async () => {
    const probe = await startRuntime({ mode: 'auth' });
    const unavailable: SessionUnavailable[] = [];
    probe.runtime.on('sessionUnavailable', (info) => unavailable.push(info));
    const states: string[] = [];
    probe.runtime.on('agentState', (state) => states.push(state.status));

    expect(await probe.say('say: hello')).toBe('failed');
    expect(probe.replies.map((reply) => reply.kind)).toEqual(['error']);
    expect(probe.replies[0]?.text).toMatch(/needs you to log in before it can start a session\. Log in with the agent once in a terminal, or .*fake-login/s);
    // A custom command goes by the name the agent gives itself.
    expect(probe.runtime.agentState).toMatchObject({ status: 'needs-login', agent: 'fake-agent', reason: expect.stringMatching(/needs you to log in/) });
    expect(states.at(-1)).toBe('needs-login');
    expect(unavailable).toEqual([
      expect.objectContaining({ key: 'user:cid-dm-1:staff-1', conversationId: 'cid-dm-1', problem: 'needs-login', agent: 'fake-agent', demo: false }),
    ]);

    expect(await probe.say('say: again')).toBe('failed');
    expect(unavailable).toHaveLength(2);
    await probe.say('/status');
    expect(probe.replies.at(-1)?.text).toContain('- 智能体 / Agent: fake-agent, 需要登录 / needs a login');
  });

  it('is ready again once a session starts, after a login in a terminal, without restarting the agent', async () => {
    const loginFile = join(await tempDir(), 'logged-in');
    const launched = await startRuntime({ mode: 'auth', agentEnv: async () => ({ ...process.env, FAKE_AGENT_LOGIN_FILE: loginFile }) });

    expect(await launched.say('say: hello')).toBe('failed');
    expect(launched.runtime.agentState.status).toBe('needs-login');
    await writeFile(loginFile, 'yes');
    expect(await launched.say('say: logged in now')).toBe('answered');
    expect(launched.replies.at(-1)).toMatchObject({ kind: 'answer', text: 'logged in now' });
    expect(launched.runtime.agentState).toMatchObject({ status: 'ready', agent: 'fake-agent' });
    const pids = new Set((await launched.requests()).map((request) => request.pid));
    expect(pids.size).toBe(1);
  });
});
