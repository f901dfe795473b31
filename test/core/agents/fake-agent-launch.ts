import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LaunchSpec } from '../../../electron/core/agents/presets.js';

const script = fileURLToPath(new URL('../../fakes/acp-agent/fake-agent.ts', import.meta.url));
// Absolute, because the agent runs in the channel's working folder, where `tsx` cannot be resolved by name.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How to start the scripted fake agent as a real subprocess; `FAKE_AGENT_MODE` in env picks its start-up behaviour. */
export function fakeAgentLaunch(env: Record<string, string> = {}): LaunchSpec {
  return {
    label: 'Fake agent',
    command: process.execPath,
    args: ['--import', tsxLoader, script],
    env,
    install: 'nothing: it is the test fake',
  };
}
