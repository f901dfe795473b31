import type { z } from 'zod';

/** One problem with one field, worded for the person who wrote the value. */
export interface ConfigProblem {
  path: string;
  message: string;
}

const SHOWN_CHARS = 60;
const shorten = (text: string) => (text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text);

/** A value as a problem quotes it: short whatever was written, numbers as written (NaN stays NaN), never failing. */
function show(value: unknown): string {
  if (typeof value === 'string') return `"${shorten(value)}"`;
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return shorten(JSON.stringify(value));
  } catch {
    // Nested too deeply to write out.
    return Array.isArray(value) ? 'a list' : 'an object';
  }
}

/** Zod's issues as `field: what is allowed (got …)` lines, with the field's full path in the file. */
export function describeIssues(error: z.ZodError, prefix: string): ConfigProblem[] {
  // One problem per field, the first: the rest follow from it (a list given for text is also "empty", a
  // value that is no URL also does not start with http) and would only mislead.
  const seen = new Set<string>();
  const issues = error.issues.filter((issue) => {
    const key = issue.path.map(String).join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // Secrets are never echoed back, and a rule about a whole object has no single value worth showing.
    const secret = /secret|env/i.test(path);
    const shown = 'input' in issue && issue.input !== undefined && issue.code !== 'custom' && !secret;
    const got = shown ? ` (got ${show(issue.input)})` : '';
    switch (issue.code) {
      case 'invalid_value':
        return { path, message: `must be one of ${issue.values.map((v) => show(v)).join(', ')}${got}` };
      case 'invalid_type':
        if (issue.input === undefined) {
          return { path, message: issue.message.startsWith('Invalid input') ? `is required (${article(issue.expected)})` : issue.message };
        }
        // A schema's own wording ("must be the AppSecret …") says more than the generic one.
        return { path, message: `${issue.message.startsWith('Invalid input') ? `must be ${article(issue.expected)}` : issue.message}${got}` };
      case 'unrecognized_keys':
        return { path, message: `has settings Dingbridge does not know: ${issue.keys.join(', ')}` };
      case 'too_small':
      case 'too_big':
        // The schema's own wording where it has one; zod's generic "Too small: expected …" is not for people.
        return { path, message: `${issue.message.startsWith('Too ') ? sizeRule(issue) : issue.message}${got}` };
      default:
        return { path, message: `${issue.message}${got}` };
    }
  });
}

function sizeRule(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') {
    if (small && limit === 1) return 'must not be empty';
    return `must be at ${small ? 'least' : 'most'} ${limit} characters`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') return `must have at ${small ? 'least' : 'most'} ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
  if (issue.inclusive) return `must be ${limit} or ${small ? 'more' : 'less'}`;
  return `must be ${small ? 'more' : 'less'} than ${limit}`;
}

function article(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'an object ({ … })',
    record: 'an object ({ … })',
  };
  return words[expected] ?? expected;
}

/** A config that cannot be used as written, with every problem found. */
export class ConfigError extends Error {
  constructor(
    readonly problems: ConfigProblem[],
    source?: string,
  ) {
    const where = source ? ` in ${source}` : '';
    super(
      `${problems.length === 1 ? 'There is a problem' : `There are ${problems.length} problems`} with the settings${where}:\n` +
        problems.map((problem) => `- ${problem.path}: ${problem.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
