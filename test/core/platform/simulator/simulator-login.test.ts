import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../../electron/core/engine/engine.js';
import { SIMULATOR_CHANNEL_NAME, simulatorChannelSettings } from '../../../../electron/core/config/defaults.js';
import { settingsWithDemoAgent } from '../../../../electron/core/platform/simulator/demo-switch.js';
import { tempDir, until } from '../dingtalk/harness.js';
import { installFakeAgentCommand } from '../../agents/fake-agent-launch.js';
import { engineWithAgentPath } from '../../engine/engine-harness.js';

const zhang = { staffId: 'zhangsan', nick: '张三' };

/** "Try it now" with Qwen Code installed but not logged in: the fake agent as `qwen`, refusing sessions (by default). */
async function simulatorWithQwen(mode = 'auth') {
  const bin = await tempDir();
  await installFakeAgentCommand(bin, 'qwen', { FAKE_AGENT_MODE: mode });
  return engineWithAgentPath(bin, { [SIMULATOR_CHANNEL_NAME]: { ...simulatorChannelSettings('qwen'), cwd: await tempDir() } });
}

async function connectedSimulator(engine: Engine) {
  await until(() => engine.service.channels()[0]?.connection.status === 'connected', 'the simulator channel to connect');
  const simulator = engine.service.channel(SIMULATOR_CHANNEL_NAME).simulator;
  if (!simulator) throw new Error('no simulator');
  return simulator;
}

async function call<T>(engine: Engine, name: string, input: unknown): Promise<T> {
  const result = await engine.dispatch(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result)}`);
  return result.value as T;
}

describe('a simulator channel whose agent needs a login', () => {
  it('explains it under the agent’s error with a button for the demo agent, says so on the channel, and the demo answers after the switch', async () => {
    const engine = await simulatorWithQwen();
    let simulator = await connectedSimulator(engine);
    simulator.send({ sender: zhang, conversation: 'dm', text: 'say: hello' });
    const notice = await until(() => simulator.transcript().find((entry) => entry.from === 'simulator'), 'the simulator’s notice', 15_000);

    const said = simulator.transcript().map((entry) => entry.from);
    expect(said).toEqual(['person', 'bot', 'simulator']);
    const error = simulator.transcript()[1]?.text ?? '';
    expect(error).toMatch(/Qwen Code needs you to log in before it can start a session\. Run `qwen` once in a terminal and log in/);
    expect(notice).toMatchObject({
      conversation: 'dm',
      conversationId: simulator.transcript()[0]?.conversationId,
      notice: { problem: 'needs-login', agent: 'Qwen Code', login: 'qwen' },
      action: 'use-demo-agent',
      text: expect.stringContaining('Or use the built-in demo agent for now.'),
    });

    // Not "ready" while every message fails: the window and `dingbridge status` see the login it needs.
    const [channel] = await call<Array<{ agent: Record<string, unknown> }>>(engine, 'channels.list', undefined);
    expect(channel?.agent).toMatchObject({ status: 'needs-login', agent: 'Qwen Code', login: 'qwen' });

    const view = await call<{ settings: Record<string, unknown> }>(engine, 'channels.get', { name: SIMULATOR_CHANNEL_NAME });
    await call(engine, 'channels.save', { name: SIMULATOR_CHANNEL_NAME, settings: settingsWithDemoAgent(view.settings) });
    expect(engine.config.channel(SIMULATOR_CHANNEL_NAME)).toMatchObject({ type: 'simulator', agent: { preset: 'demo' }, allowedUsers: ['zhangsan'] });

    simulator = await connectedSimulator(engine);
    simulator.send({ sender: zhang, conversation: 'dm', text: 'hello again' });
    await until(() => simulator.transcript().some((entry) => entry.from === 'bot'), 'the demo agent’s answer', 10_000);
    expect(simulator.transcript().find((entry) => entry.from === 'bot')?.text).toContain('built-in demo agent, not a real coding agent');
    expect(simulator.transcript().some((entry) => entry.from === 'simulator')).toBe(false);
  });

  it('explains an agent that cannot start the same way, with the same button', async () => {
    const engine = await simulatorWithQwen('exit-at-start');
    const simulator = await connectedSimulator(engine);
    simulator.send({ sender: zhang, conversation: 'group', text: 'say: hello', mention: true });
    const notice = await until(() => simulator.transcript().find((entry) => entry.from === 'simulator'), 'the simulator’s notice', 15_000);
    expect(notice).toMatchObject({
      conversation: 'group',
      notice: { problem: 'cannot-start', agent: 'Qwen Code', reason: expect.stringMatching(/exited during start-up with code 2/) },
      action: 'use-demo-agent',
    });
    expect(notice.notice?.login).toBeUndefined();
  });
});
