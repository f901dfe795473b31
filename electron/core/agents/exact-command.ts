import { createHash } from 'node:crypto';

/** The parts of a tool call that say what it does. */
export interface ToolCallIdentity {
  title?: string | null;
  kind?: string | null;
  rawInput?: unknown;
}

/** The same input whatever order the agent wrote its keys in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, canonical(record[key])]),
    );
  }
  return value;
}

/**
 * What an "always" answer covers: this one tool call's kind, title (spacing aside) and whole input, so a later
 * call that differs in any character of what it would run is asked again. A hash, so the file of remembered
 * approvals stays small and compares quickly.
 */
export function exactCommandFingerprint(toolCall: ToolCallIdentity): string {
  const title = (toolCall.title ?? '').trim().replace(/\s+/g, ' ');
  const identity = JSON.stringify([toolCall.kind ?? '', title, canonical(toolCall.rawInput ?? null)]);
  return createHash('sha256').update(identity).digest('hex');
}
