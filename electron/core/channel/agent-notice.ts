import type { SessionUnavailable } from '../agents/agent-runtime.js';
import type { AgentNotice } from '../platform/simulator/simulator-schema.js';

/**
 * What the simulator adds under the agent's error when the agent cannot take a message at all: the error is
 * what a DingTalk user would see; trying Dingbridge out, one should also see the way on, and a button for it.
 */
export function agentNotice(info: SessionUnavailable): AgentNotice {
  const { agent, reason, agentProblem, login } = info;
  const why =
    info.problem === 'needs-login'
      ? `${agent} cannot answer yet: it needs a login. ${login ? `Run \`${login}\` once in a terminal and log in` : 'Log in with it once in a terminal'}, then send your message again.`
      : `${agent} could not start, so it cannot answer: ${reason} Fix that, then send your message again.`;
  return {
    conversationId: info.conversationId,
    text: info.demo ? why : `${why} Or use the built-in demo agent for now.`,
    notice: { problem: info.problem, agent, reason, ...(agentProblem ? { agentProblem } : {}), ...(login ? { login } : {}) },
    ...(info.demo ? {} : { action: 'use-demo-agent' as const }),
  };
}
