/** An agent that could not be started or stopped answering, with what it last wrote to stderr. */
export class AgentError extends Error {
  constructor(
    message: string,
    readonly stderrTail = '',
  ) {
    super(stderrTail ? `${message}\nThe agent's last output:\n${indent(stderrTail)}` : message);
    this.name = 'AgentError';
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
