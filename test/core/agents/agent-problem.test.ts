import { describe, expect, it } from 'vitest';
import { AgentProblemSchema, agentProblemText } from '../../../electron/core/agents/agent-problem.js';

describe('an agent problem', () => {
  it('carries the problem of the last crash inside the one that gives up, through the contract’s schema', () => {
    const problem = { code: 'keeps-crashing', crashes: 4, minutes: 5, last: { code: 'exited-at-start', agent: 'Qwen Code', exitCode: 2, output: 'Usage: qwen' } };
    expect(AgentProblemSchema.parse(JSON.parse(JSON.stringify(problem)))).toEqual(problem);
    expect(agentProblemText(AgentProblemSchema.parse(problem))).toBe(
      'The agent stopped 4 times within 5 minutes, so it is not restarted again. Last time: Qwen Code exited during start-up with code 2. It printed: Usage: qwen',
    );
    expect(AgentProblemSchema.safeParse({ ...problem, last: { code: 'no-such-code' } }).success).toBe(false);
  });

  it('says how the agent exited: its code, or the signal that ended it', () => {
    expect(agentProblemText({ code: 'crashed', agent: 'Codex', exitCode: 137 })).toBe('Codex exited with code 137.');
    expect(agentProblemText({ code: 'crashed', agent: 'Codex', signal: 'SIGKILL' })).toBe('Codex was killed (SIGKILL).');
    expect(agentProblemText({ code: 'exited', agent: 'Codex', signal: 'SIGTERM', action: 'resume-session' })).toBe('Codex exited on signal SIGTERM before it could resume a session.');
  });
});
