import type { z } from 'zod';

/** One problem with one field, worded for the person who wrote the value. */
export interface ConfigProblem {
  path: string;
  message: string;
}

const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

/** Zod's issues as `field: what is allowed (got …)` lines, with the field's full path in the file. */
export function describeIssues(error: z.ZodError, prefix: string): ConfigProblem[] {
  return error.issues.map((issue) => {
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
      default:
        return { path, message: `${issue.message}${got}` };
    }
  });
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
