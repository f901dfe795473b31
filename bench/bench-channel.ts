import type { ResolvedApp } from '../electron/core/platform/simulator/dingtalk/types.js';
import { fakeAgentLaunch } from '../test/core/agents/fake-agent-launch.js';
import type { RemoteSimulator } from './remote-simulator.js';

/**
 * A channel as the benchmarks run it: one of the fake's apps, anyone may talk, every message its own turn
 * (so each gets exactly one reply) with the scripted fake agent, which answers at once.
 */
export function benchChannel(remote: RemoteSimulator, app: ResolvedApp, cwd: string): Record<string, unknown> {
  const launch = fakeAgentLaunch();
  return {
    dingtalk: { clientId: app.clientId, clientSecret: app.clientSecret, endpoints: remote.endpoints },
    cwd,
    instructions: '',
    senderPolicy: 'open',
    dispatchMode: 'followup',
    permissions: 'auto',
    agent: { preset: 'custom', command: launch.command, args: launch.args },
  };
}
