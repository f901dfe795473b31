import type { z } from 'zod';

/**
 * What kind of problem it is, so a window can word it in its own language without reading the English. A code
 * a window does not know falls back to `message`, so new ones can be added freely.
 */
export type ProblemCode =
  | 'required'
  | 'empty'
  | 'wrong_type'
  | 'not_one_of'
  | 'too_small'
  | 'too_big'
  | 'bad_url'
  /** A schema's own rule that names no code of its own: worded by the field it is about, if the window knows it. */
  | 'invalid'
  | 'unknown_settings'
  /** A key no setting has, so it does nothing; `value` is the setting it most likely meant. Said, never refused. */
  | 'not_a_setting'
  | 'bad_appkey'
  /** A card template id that is not one (DingTalk's end in `.schema`). */
  | 'bad_template'
  | 'env_missing'
  | 'folder_missing'
  | 'not_a_folder'
  | 'folder_unusable'
  | 'folder_not_created'
  | 'bad_folder'
  | 'relative_folder'
  | 'outside_home'
  /** A working folder the agent must not get: the home folder (or one holding it), the top of the disk, or one holding the data folder. */
  | 'home_folder'
  | 'root_folder'
  | 'holds_data_folder'
  | 'bad_name'
  | 'reserved_name'
  | 'name_taken'
  | 'no_channel'
  | 'secret_unreadable'
  /** A DingTalk setting written both at the channel's top level (as files before the `dingtalk` section did) and in the section. */
  | 'written_twice';

/** One problem with one field, worded for the person who wrote the value. */
export interface ConfigProblem {
  path: string;
  /** In English, for the log and the command line. */
  message: string;
  code?: ProblemCode;
  /** The value the problem is about as Dingbridge read it (a folder as the absolute path it looked for); never a secret. */
  value?: string;
}

/** The code a schema gives its own rule (`params: { code }` on a refinement), if it is one of ours. */
export function ruleCode(issue: z.core.$ZodIssue): ProblemCode | undefined {
  const code = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' ? (code as ProblemCode) : undefined;
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

/** Settings whose values may hold a secret: an AppSecret, the agents' variables, a proxy's address with its password. */
const SECRET_NAME = /secret|env|proxy/i;

/** Whether a value written where a setting was expected has a secret inside, under any key at any depth. */
function holdsSecret(value: unknown, depth = 0): boolean {
  if (!value || typeof value !== 'object' || depth > 8) return false;
  return Object.entries(value).some(([key, inner]) => SECRET_NAME.test(key) || holdsSecret(inner, depth + 1));
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
    // Secrets are never echoed back, nor a section that holds one (a `dingtalk` written as a list), and a rule about
    // a whole object has no single value worth showing.
    const secret = SECRET_NAME.test(path) || holdsSecret(issue.input);
    // A rule about one piece of text (an AppKey with a space) is clearer with the text; one about a whole object is not.
    const ruleOnText = issue.code !== 'custom' || typeof issue.input === 'string';
    const shown = 'input' in issue && issue.input !== undefined && ruleOnText && !secret;
    const got = shown ? ` (got ${show(issue.input)})` : '';
    switch (issue.code) {
      case 'invalid_value':
        return { path, message: `must be one of ${issue.values.map((v) => show(v)).join(', ')}${got}`, code: 'not_one_of' };
      case 'invalid_type':
        if (issue.input === undefined) {
          return { path, message: issue.message.startsWith('Invalid input') ? `is required (${article(issue.expected)})` : issue.message, code: 'required' };
        }
        // A schema's own wording ("must be the AppSecret …") says more than the generic one.
        return { path, message: `${issue.message.startsWith('Invalid input') ? `must be ${article(issue.expected)}` : issue.message}${got}`, code: 'wrong_type' };
      case 'unrecognized_keys':
        return { path, message: `has settings Dingbridge does not know: ${issue.keys.join(', ')}`, code: 'unknown_settings' };
      case 'too_small':
      case 'too_big':
        // The schema's own wording where it has one; zod's generic "Too small: expected …" is not for people.
        return { path, message: `${issue.message.startsWith('Too ') ? sizeRule(issue) : issue.message}${got}`, code: sizeCode(issue) };
      case 'invalid_format':
        return { path, message: `${issue.message}${got}`, ...(issue.format === 'url' ? { code: 'bad_url' as const } : {}) };
      case 'custom':
        return { path, message: `${issue.message}${got}`, code: ruleCode(issue) ?? 'invalid' };
      default:
        return { path, message: `${issue.message}${got}` };
    }
  });
}

function sizeCode(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): ProblemCode {
  if (issue.code === 'too_big') return 'too_big';
  return issue.origin === 'string' && Number(issue.minimum) === 1 ? 'empty' : 'too_small';
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

/** The first of a schema's complaints about one value, as written by the schema, with its code. */
export function firstProblem(error: z.ZodError, path: string, fallback: string): ConfigProblem {
  const [issue] = error.issues;
  const code = issue ? ruleCode(issue) : undefined;
  return { path, message: issue?.message ?? fallback, ...(code ? { code } : {}) };
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
