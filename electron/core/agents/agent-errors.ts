/** An agent that could not be started or stopped answering, with what it last wrote to stderr. */
export class AgentError extends Error {
  /** Retrying cannot help (the agent is not installed, the folder is missing): the user has to change something. */
  readonly permanent: boolean;
  /**
   * The agent runs but refuses to work until someone logs in (ACP's auth-required error): every turn would fail
   * the same way, so the channel says so instead of looking ready, and the simulator offers the demo agent.
   */
  readonly needsLogin: boolean;

  constructor(
    message: string,
    readonly stderrTail = '',
    options: { permanent?: boolean; needsLogin?: boolean } = {},
  ) {
    super(stderrTail ? `${message}\nThe agent's last output:\n${indent(stderrTail)}` : message);
    this.name = 'AgentError';
    this.permanent = options.permanent ?? false;
    this.needsLogin = options.needsLogin ?? false;
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
