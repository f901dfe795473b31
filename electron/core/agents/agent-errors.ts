import { LOGIN_AGENT_PROBLEMS, PERMANENT_AGENT_PROBLEMS, agentProblemText, type AgentProblem } from './agent-problem.js';

/**
 * An agent that could not be started or stopped answering, with what it last wrote to stderr. Given a problem
 * code, the message is that problem's English and windows word the code in their own language; given a bare
 * message (something unforeseen), the message is all there is.
 */
export class AgentError extends Error {
  readonly problem: AgentProblem | undefined;
  /** Retrying cannot help (the agent is not installed, the folder is missing): the user has to change something. */
  readonly permanent: boolean;
  /**
   * The agent runs but refuses to work until someone logs in (ACP's auth-required error): every turn would fail
   * the same way, so the channel says so instead of looking ready, and the simulator offers the demo agent.
   */
  readonly needsLogin: boolean;

  constructor(
    problem: AgentProblem | string,
    readonly stderrTail = '',
  ) {
    const message = typeof problem === 'string' ? problem : agentProblemText(problem);
    super(stderrTail ? `${message}\nThe agent's last output:\n${indent(stderrTail)}` : message);
    this.name = 'AgentError';
    this.problem = typeof problem === 'string' ? undefined : problem;
    this.permanent = this.problem ? PERMANENT_AGENT_PROBLEMS.has(this.problem.code) : false;
    this.needsLogin = this.problem ? LOGIN_AGENT_PROBLEMS.has(this.problem.code) : false;
  }

  /** The first sentence, for a chat message; the stderr tail belongs in the log. */
  get summary(): string {
    return this.message.split('\n')[0] ?? this.message;
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
