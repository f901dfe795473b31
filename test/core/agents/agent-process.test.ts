import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type * as acp from '@agentclientprotocol/sdk';
import { AgentProcess, type AgentProcessHooks } from '../../../electron/core/agents/agent-process.js';
import { silentLogger } from '../../../electron/core/base/logger.js';
import { fakeAgentLaunch, installFakeAgentCommand } from './fake-agent-launch.js';
import { tempDir, until } from '../platform/dingtalk/harness.js';

const running: AgentProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((agent) => agent.stop()));
});

function recordingHooks(answer: (request: acp.RequestPermissionRequest) => acp.RequestPermissionResponse = () => ({ outcome: { outcome: 'cancelled' } })) {
  const updates: acp.SessionNotification[] = [];
  const hooks: AgentProcessHooks = {
    sessionUpdate: (notification) => void updates.push(notification),
    requestPermission: async (request) => answer(request),
  };
  return { updates, hooks };
}

async function start(env: Record<string, string> = {}, extra: Partial<Parameters<typeof AgentProcess.start>[0]> = {}) {
  const cwd = await tempDir();
  const { updates, hooks } = recordingHooks();
  const agent = await AgentProcess.start({ launch: fakeAgentLaunch(env), cwd, hooks, logger: silentLogger, ...extra });
  running.push(agent);
  return { agent, cwd, updates };
}

const text = (updates: acp.SessionNotification[]) =>
  updates
    .map((n) => (n.update.sessionUpdate === 'agent_message_chunk' && n.update.content.type === 'text' ? n.update.content.text : ''))
    .join('');

describe('AgentProcess with a real subprocess', () => {
  it('initializes, opens a session in the working folder, and answers a prompt', async () => {
    const log = join(await tempDir(), 'agent.log');
    const { agent, cwd, updates } = await start({ FAKE_AGENT_LOG: log, FAKE_AGENT_MODE: 'images' });
    expect(agent.capabilities).toEqual({ loadSession: true, closeSession: false, images: true, audio: false });
    expect(agent.agentInfo).toEqual({ name: 'fake-agent', version: '1.0.0' });
    const session = await agent.newSession(cwd);
    const answer = await agent.prompt(session.sessionId, [{ type: 'text', text: 'say: hello there' }]);
    expect(answer.stopReason).toBe('end_turn');
    expect(text(updates)).toBe('hello there');
    const requests = (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { method: string; params: { cwd?: string } });
    expect(requests.map((r) => r.method)).toEqual(['initialize', 'session/new', 'session/prompt']);
    expect(requests[1]?.params.cwd).toBe(cwd);
  });

  it('authenticates with the method the channel names', async () => {
    const { agent, cwd } = await start({ FAKE_AGENT_MODE: 'auth' }, { authMethod: 'fake-login' });
    await expect(agent.newSession(cwd)).resolves.toMatchObject({ sessionId: expect.any(String) });
  });

  it('says which auth methods exist, and where to name one, when the agent needs a login the channel did not name', async () => {
    const { agent, cwd } = await start({ FAKE_AGENT_MODE: 'auth' });
    // The window has no field for it: the message must point at the settings file, not at a form.
    await expect(agent.newSession(cwd)).rejects.toThrow(/needs you to log in.*set agent\.authMethod for this channel in the settings file \(config\.json in the data folder\) to one of: fake-login \(Fake login\)/s);
  });

  it('refuses an auth method the agent does not offer', async () => {
    await expect(start({ FAKE_AGENT_MODE: 'auth' }, { authMethod: 'sso' })).rejects.toThrow(/has no auth method "sso"; it offers: fake-login/);
  });

  it('names what to install when the command is missing', async () => {
    const cwd = await tempDir();
    await expect(
      AgentProcess.start({
        launch: { label: 'Qwen Code', command: 'qwen-not-installed-here', args: ['--acp'], env: {}, install: { code: 'run', command: 'npm install -g @qwen-code/qwen-code' } },
        cwd,
        hooks: recordingHooks().hooks,
        logger: silentLogger,
      }),
    ).rejects.toThrow('Qwen Code is not installed: "qwen-not-installed-here" was not found on PATH. Install it with: npm install -g @qwen-code/qwen-code');
  });

  it.runIf(process.platform !== 'win32')('finds and runs the agent with the environment its provider gives', async () => {
    const bin = await tempDir();
    await installFakeAgentCommand(bin, 'dingbridge-test-agent');
    const launch = { label: 'Provided agent', command: 'dingbridge-test-agent', args: [], env: {}, install: { code: 'check-command' as const } };
    const { agent, cwd } = await start({}, { launch, baseEnv: async () => ({ PATH: bin }) });
    await expect(agent.newSession(cwd)).resolves.toMatchObject({ sessionId: expect.any(String) });
    expect(await readFile(join(bin, 'dingbridge-test-agent.path'), 'utf8')).toBe(`${bin}\n`);
  });

  it('says the working folder is missing instead of a spawn error', async () => {
    await expect(
      AgentProcess.start({ launch: fakeAgentLaunch(), cwd: '/no/such/folder', hooks: recordingHooks().hooks, logger: silentLogger }),
    ).rejects.toThrow('The working folder /no/such/folder does not exist');
  });

  it('reports an agent that exits at start with its stderr', async () => {
    await expect(start({ FAKE_AGENT_MODE: 'exit-at-start' })).rejects.toThrow(
      /exited during start-up with code 2\..*fatal: the fake agent was told to exit at start/s,
    );
  });

  it('refuses at once what it does not offer (files, terminals, unknown extensions) and logs each, so no agent waits on an answer', async () => {
    const warned: Array<{ message: string; method: unknown }> = [];
    const logger = { ...silentLogger, warn: (message: string, fields?: Record<string, unknown>) => void warned.push({ message, method: fields?.method }) };
    const { agent, cwd, updates } = await start({}, { logger });
    const session = await agent.newSession(cwd);
    await agent.prompt(session.sessionId, [{ type: 'text', text: 'call: fs/read_text_file\ncall: terminal/create\ncall: _vendor/thing\nnotify: _vendor/note\nsay: done' }]);
    expect(text(updates)).toBe('refused -32601refused -32601refused -32601done');
    await until(() => warned.length === 4, 'each to be logged');
    expect(warned.map((w) => w.method)).toEqual(['fs/read_text_file', 'terminal/create', '_vendor/thing', '_vendor/note']);
    expect(warned[0]?.message).toMatch(/does not offer/);
    expect(warned[3]?.message).toMatch(/does not know/);
  });

  it('reports a command that never speaks ACP, with what it printed instead', async () => {
    await expect(start({ FAKE_AGENT_MODE: 'mute' }, { startTimeoutMs: 1_500 })).rejects.toThrow(
      'Fake agent did not answer the ACP handshake. Instead it printed: Interactive mode. Type your question:',
    );
  });

  it('ignores a banner on stdout and still talks ACP', async () => {
    const { agent, cwd, updates } = await start({ FAKE_AGENT_MODE: 'garbage-at-start' });
    const session = await agent.newSession(cwd);
    await agent.prompt(session.sessionId, [{ type: 'text', text: 'garbage\nsay: fine' }]);
    expect(text(updates)).toBe('fine');
  });

  it('gives a readable error with the stderr tail when the agent crashes mid-turn', async () => {
    const { agent, cwd } = await start();
    const exits: unknown[] = [];
    agent.on('exit', (exit) => exits.push(exit));
    const session = await agent.newSession(cwd);
    await expect(agent.prompt(session.sessionId, [{ type: 'text', text: 'crash' }])).rejects.toThrow(
      /exited with code 3 before it could answer.*crashing as told/s,
    );
    expect(exits).toEqual([expect.objectContaining({ code: 3, expected: false })]);
    expect(agent.alive).toBe(false);
  });

  it('cancels a hanging turn', async () => {
    const { agent, cwd } = await start();
    const session = await agent.newSession(cwd);
    const turn = agent.prompt(session.sessionId, [{ type: 'text', text: 'hang' }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await agent.cancel(session.sessionId);
    await expect(turn).resolves.toEqual({ stopReason: 'cancelled' });
  });

  it('stops the agent together with the processes it started', async () => {
    const { agent, cwd, updates } = await start();
    const session = await agent.newSession(cwd);
    await agent.prompt(session.sessionId, [{ type: 'text', text: 'child' }]);
    const grandchild = Number(text(updates));
    expect(() => process.kill(grandchild, 0)).not.toThrow();
    const pid = agent.pid ?? 0;
    const exits: Array<{ expected: boolean }> = [];
    agent.on('exit', (exit) => exits.push(exit));
    await agent.stop();
    expect(exits).toEqual([expect.objectContaining({ expected: true })]);
    expect(() => process.kill(pid, 0)).toThrow();
    await until(() => {
      try {
        process.kill(grandchild, 0);
        return false;
      } catch {
        return true;
      }
    }, 'the agent’s own child to be gone');
  });
});
