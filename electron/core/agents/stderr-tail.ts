/** The last lines a process wrote, kept small, for error messages that show what the agent said before failing. */
export class OutputTail {
  readonly #lines: string[] = [];
  #partial = '';

  constructor(private readonly maxLines = 20, private readonly maxLineLength = 400) {}

  push(chunk: string): string[] {
    const text = this.#partial + chunk;
    const lines = text.split(/\r?\n/);
    this.#partial = lines.pop() ?? '';
    const complete = lines.filter((line) => line.trim().length > 0);
    for (const line of complete) {
      this.#lines.push(line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line);
      if (this.#lines.length > this.maxLines) this.#lines.shift();
    }
    return complete;
  }

  toString(): string {
    return [...this.#lines, ...(this.#partial.trim() ? [this.#partial] : [])].join('\n');
  }
}
