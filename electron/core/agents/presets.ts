import type { AgentConfig, AgentPresetId } from './agent-config.js';
import type { InstallHint } from './install-hint.js';

export interface AgentPreset {
  id: AgentPresetId;
  label: string;
  command: string;
  args: string[];
  /** What to tell a user whose machine lacks the command. */
  install: InstallHint;
  /** The command a person runs once in a terminal to log the agent in, for when it refuses to start sessions. */
  login: string;
  /** How this agent takes a model on its command line or in its environment, where it has a way. */
  model?: (model: string) => { args?: string[]; env?: Record<string, string> };
}

export const AGENT_PRESETS: Record<Exclude<AgentPresetId, 'custom' | 'demo'>, AgentPreset> = {
  qwen: {
    id: 'qwen',
    label: 'Qwen Code',
    command: 'qwen',
    args: ['--acp'],
    install: { code: 'run', command: 'npm install -g @qwen-code/qwen-code' },
    login: 'qwen',
    model: (model) => ({ args: ['--model', model] }),
  },
  claude: {
    id: 'claude',
    label: 'Claude Code',
    command: 'claude-agent-acp',
    args: [],
    install: { code: 'run', command: 'npm install -g @agentclientprotocol/claude-agent-acp', login: 'claude' },
    login: 'claude',
    model: (model) => ({ env: { ANTHROPIC_MODEL: model } }),
  },
  codex: {
    id: 'codex',
    label: 'Codex',
    command: 'codex-acp',
    args: [],
    install: { code: 'run', command: 'npm install -g @agentclientprotocol/codex-acp' },
    login: 'codex login',
  },
  gemini: {
    id: 'gemini',
    label: 'Gemini CLI',
    command: 'gemini',
    args: ['--acp'],
    install: { code: 'run', command: 'npm install -g @google/gemini-cli' },
    login: 'gemini',
    model: (model) => ({ args: ['--model', model] }),
  },
  goose: {
    id: 'goose',
    label: 'goose',
    command: 'goose',
    args: ['acp'],
    install: { code: 'download', program: 'goose', minVersion: '1.8', url: 'https://block.github.io/goose/docs/getting-started/installation' },
    login: 'goose configure',
    model: (model) => ({ env: { GOOSE_MODEL: model } }),
  },
  opencode: {
    id: 'opencode',
    label: 'OpenCode',
    command: 'opencode',
    args: ['acp'],
    install: { code: 'run', command: 'npm install -g opencode-ai' },
    login: 'opencode auth login',
  },
};

export interface LaunchSpec {
  /** The preset's name; for a custom command, the name the agent gives itself takes over once it is known. */
  label: string;
  custom?: boolean;
  /** Runs inside Dingbridge instead of as a command (the demo agent). */
  builtin?: 'demo';
  command: string;
  args: string[];
  env: Record<string, string>;
  install: InstallHint;
  /** A preset's login command (see AgentPreset); a custom command's is unknown. */
  login?: string;
}

/**
 * The command line for a channel's agent. Agents without a launch-time model option get the model through the
 * session's ACP "model" setting instead, once the session exists.
 */
export function launchSpec(agent: AgentConfig, model: string | undefined): LaunchSpec {
  if (agent.preset === 'demo') {
    return { label: 'Demo agent', command: '', args: [], env: {}, install: { code: 'built-in' }, builtin: 'demo' };
  }
  if (agent.preset === 'custom') {
    return {
      label: agent.command ?? 'custom agent',
      custom: true,
      command: agent.command ?? '',
      args: agent.args,
      env: agent.env,
      install: { code: 'check-command' },
    };
  }
  const preset = AGENT_PRESETS[agent.preset];
  const modelLaunch = model && preset.model ? preset.model(model) : {};
  return {
    label: preset.label,
    command: agent.command ?? preset.command,
    args: [...preset.args, ...(modelLaunch.args ?? []), ...agent.args],
    env: { ...modelLaunch.env, ...agent.env },
    install: preset.install,
    login: preset.login,
  };
}
