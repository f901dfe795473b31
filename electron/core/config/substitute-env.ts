/** The fields where `$NAME` / `${NAME}` is replaced; instructions and the like are taken literally. */
const SUBSTITUTED: ReadonlyArray<ReadonlyArray<string>> = [
  ['clientId'],
  ['clientSecret'],
  ['robotCode'],
  ['model'],
  ['cwd'],
  ['agent', 'command'],
  ['agent', 'args', '*'],
  ['agent', 'env', '*'],
  ['endpoints', 'api'],
  ['endpoints', 'oapi'],
];

export class MissingVariableError extends Error {
  constructor(
    readonly path: string,
    readonly variable: string,
  ) {
    super(`${path}: the environment variable ${variable} is not set (referenced as $${variable}); set it, or add it to the config's "env" block`);
    this.name = 'MissingVariableError';
  }
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|^\$([A-Za-z_][A-Za-z0-9_]*)$/g;

function substitute(value: string, path: string, lookup: (name: string) => string | undefined): string {
  return value.replace(REFERENCE, (_, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const found = lookup(name);
    if (found === undefined || found === '') throw new MissingVariableError(path, name);
    return found;
  });
}

/**
 * Replaces `"$NAME"` (the whole value) and `"${NAME}"` (anywhere in the value) in a channel's raw settings,
 * from the config's own `env` block first, then the process environment. Returns a copy.
 */
export function substituteChannelEnv(
  channel: unknown,
  channelPath: string,
  fileEnv: Record<string, string>,
  processEnv: NodeJS.ProcessEnv = process.env,
): unknown {
  if (!channel || typeof channel !== 'object') return channel;
  const lookup = (name: string) => fileEnv[name] ?? processEnv[name];
  const copy = structuredClone(channel) as Record<string, unknown>;
  for (const fieldPath of SUBSTITUTED) visit(copy, fieldPath, channelPath, lookup);
  return copy;
}

function visit(node: unknown, path: ReadonlyArray<string>, at: string, lookup: (name: string) => string | undefined): void {
  if (!node || typeof node !== 'object') return;
  const [head, ...rest] = path;
  if (head === undefined) return;
  const record = node as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(record) : [head];
  for (const key of keys) {
    const value = record[key];
    const here = `${at}.${key}`;
    if (rest.length === 0) {
      if (typeof value === 'string') record[key] = substitute(value, here, lookup);
    } else {
      visit(value, rest, here, lookup);
    }
  }
}
