import { describe, expect, it } from 'vitest';
import { AGENT_PRESETS, launchSpec } from '../../../electron/core/agents/presets.js';
import { AgentConfigSchema } from '../../../electron/core/agents/agent-config.js';
import { installText } from '../../../electron/core/agents/install-hint.js';

describe('how to install each agent', () => {
  it('reads in English as the command line and the log say it, with the commands to type', () => {
    expect(installText(AGENT_PRESETS.qwen.install)).toBe('npm install -g @qwen-code/qwen-code');
    expect(installText(AGENT_PRESETS.claude.install)).toBe('npm install -g @agentclientprotocol/claude-agent-acp (and log in once with `claude`)');
    expect(installText(AGENT_PRESETS.goose.install)).toBe('goose 1.8 or later from https://block.github.io/goose/docs/getting-started/installation');
    expect(installText(launchSpec(AgentConfigSchema.parse({ preset: 'demo' }), undefined).install)).toBe('nothing: it is built in');
    expect(installText(launchSpec(AgentConfigSchema.parse({ preset: 'custom', command: 'my-agent' }), undefined).install)).toBe('check the command in the channel settings');
  });
});
