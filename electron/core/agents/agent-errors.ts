/** An agent that could not be started or stopped answering, with what it last wrote to stderr. */
export class AgentError extends Error {
  /** Retrying cannot help (the agent is not installed, the folder is missing): the user has to change something. */
  readonly permanent: boolean;

  constructor(
    message: string,
    readonly stderrTail = '',
    options: { permanent?: boolean } = {},
  ) {
    super(stderrTail ? `${message}\nThe agent's last output:\n${indent(stderrTail)}` : message);
    this.name = 'AgentError';
    this.permanent = options.permanent ?? false;
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
