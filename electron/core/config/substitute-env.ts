import type { ConfigProblem } from './config-errors.js';

/** The fields where `$NAME` / `${NAME}` is replaced; instructions and the like are taken literally. */
const SUBSTITUTED: ReadonlyArray<ReadonlyArray<string>> = [
  ['dingtalk', 'clientId'],
  ['dingtalk', 'clientSecret'],
  ['dingtalk', 'robotCode'],
  ['dingtalk', 'endpoints', 'api'],
  ['dingtalk', 'endpoints', 'oapi'],
  ['dingtalk', 'proxy'],
  ['model'],
  ['cwd'],
  ['agent', 'command'],
  ['agent', 'args', '*'],
  ['agent', 'env', '*'],
];

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|^\$([A-Za-z_][A-Za-z0-9_]*)$/g;

/** The variables a value refers to, as substitution would read them: `$NAME` as the whole value, `${NAME}` anywhere. */
export function referencedVariables(value: string): string[] {
  return [...value.matchAll(REFERENCE)].map(([, braced, bare]) => braced ?? bare ?? '');
}

/** Replaces the references in one value; a missing variable is noted (once per value) and its reference left. */
function substitute(value: string, path: string, lookup: (name: string) => string | undefined, missing: ConfigProblem[]): string {
  let absent: string | undefined;
  const replaced = value.replace(REFERENCE, (reference, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const found = lookup(name);
    if (found !== undefined && found !== '') return found;
    absent ??= name;
    return reference;
  });
  if (absent !== undefined) {
    missing.push({
      path,
      message: `the environment variable ${absent} is not set (referenced as $${absent}); set it, or add it to the config's "env" block`,
      code: 'env_missing',
      value: absent,
    });
  }
  return replaced;
}

/**
 * Replaces `"$NAME"` (the whole value) and `"${NAME}"` (anywhere in the value) in a channel's raw settings (with
 * its DingTalk settings in their section),
 * from the config's own `env` block first, then the process environment, and names every variable that is not
 * set. The value is a copy where anything was replaced; only the objects on the way to a replaced value are
 * copied, so no depth of nesting elsewhere matters.
 */
export function substituteChannelEnv(
  channel: unknown,
  channelPath: string,
  fileEnv: Record<string, string>,
  processEnv: NodeJS.ProcessEnv = process.env,
): { value: unknown; missing: ConfigProblem[] } {
  // Only the variables themselves: `$constructor` is no more set than any other missing name.
  const lookup = (name: string) => (Object.hasOwn(fileEnv, name) ? fileEnv[name] : Object.hasOwn(processEnv, name) ? processEnv[name] : undefined);
  const missing: ConfigProblem[] = [];
  const value = SUBSTITUTED.reduce((node, fieldPath) => visit(node, fieldPath, channelPath, (text, here) => substitute(text, here, lookup, missing)), channel);
  return { value, missing };
}

function visit(node: unknown, path: ReadonlyArray<string>, at: string, replace: (text: string, path: string) => string): unknown {
  if (!node || typeof node !== 'object') return node;
  const [head, ...rest] = path;
  if (head === undefined) return node;
  const record = node as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of head === '*' ? Object.keys(record) : [head]) {
    if (!Object.hasOwn(record, key)) continue;
    const value = record[key];
    const here = `${at}.${key}`;
    const next = rest.length > 0 ? visit(value, rest, here, replace) : typeof value === 'string' ? replace(value, here) : value;
    if (next === value) continue;
    copy ??= Array.isArray(record) ? ([...record] as unknown as Record<string, unknown>) : { ...record };
    // Defined, not assigned: a key written "__proto__" in the file stays a key.
    Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? node;
}
