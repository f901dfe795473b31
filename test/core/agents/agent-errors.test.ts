import { describe, expect, it } from 'vitest';
import { AgentError } from '../../../electron/core/agents/agent-errors.js';

describe('an agent error', () => {
  it('is worded in English from its code, and knows from the code whether retrying or logging in helps', () => {
    const missing = new AgentError({ code: 'not-installed', agent: 'Gemini CLI', command: 'gemini', install: 'npm install -g @google/gemini-cli' });
    expect(missing.message).toBe('Gemini CLI is not installed: "gemini" was not found on PATH. Install it with: npm install -g @google/gemini-cli');
    expect([missing.permanent, missing.needsLogin]).toEqual([true, false]);
    const login = new AgentError({ code: 'login-failed', agent: 'Qwen Code', method: 'oauth', detail: 'expired', methods: 'oauth (OAuth), key (API key)' });
    expect(login.message).toBe(
      'Qwen Code could not log in with "oauth": expired. Log in with the agent once in a terminal, or quit Dingbridge and set agent.authMethod for this channel in the settings file (config.json in the data folder) to one of: oauth (OAuth), key (API key).',
    );
    expect([login.permanent, login.needsLogin]).toEqual([false, true]);
    const unforeseen = new AgentError('spawn EACCES');
    expect([unforeseen.problem, unforeseen.permanent, unforeseen.needsLogin]).toEqual([undefined, false, false]);
  });
});
