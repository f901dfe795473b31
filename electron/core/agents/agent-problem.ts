import { z } from 'zod';
import { InstallHintSchema } from './install-hint.js';

/** What the agent was asked to do when it failed. */
export const AgentActionSchema = z.enum(['start-session', 'resume-session', 'answer', 'change-setting']);
export type AgentAction = z.infer<typeof AgentActionSchema>;

/** Why an agent cannot start or answer; the app words each one in the user's language. */
export const AgentProblemCodeSchema = z.enum([
  'not-installed',
  'folder-missing',
  'spawn-failed',
  'exited-at-start',
  'no-handshake',
  'unknown-auth-method',
  'login-failed',
  'needs-login',
  'exited',
  'crashed',
  'session-timeout',
  'keeps-crashing',
  'channel-stopping',
]);
export type AgentProblemCode = z.infer<typeof AgentProblemCodeSchema>;

const AgentProblemBase = z.object({
  code: AgentProblemCodeSchema,
  /** The agent's name ("Qwen Code"). */
  agent: z.string().optional(),
  /** The command looked for on PATH, and how to install it: in English, and as a hint the window words. */
  command: z.string().optional(),
  install: z.string().optional(),
  installHint: InstallHintSchema.optional(),
  folder: z.string().optional(),
  /** What the operating system or the agent said, as it said it. */
  detail: z.string().optional(),
  /** How it exited: a code, or else the signal that ended it. */
  exitCode: z.number().optional(),
  signal: z.string().optional(),
  /** Lines it wrote to stdout that are not ACP, joined with " | ". */
  output: z.string().optional(),
  /** The configured auth method, and the ones the agent offers ("id (name), …"). */
  method: z.string().optional(),
  methods: z.string().optional(),
  /** The command that logs the agent in, when its preset knows one. */
  login: z.string().optional(),
  action: AgentActionSchema.optional(),
  seconds: z.number().optional(),
  /** For `keeps-crashing`: how often within how long; `last` (or, without a code, `detail`) says why the last time. */
  crashes: z.number().optional(),
  minutes: z.number().optional(),
});

/** A problem code with the values its words need. */
export type AgentProblem = z.infer<typeof AgentProblemBase> & { last?: AgentProblem };
export const AgentProblemSchema: z.ZodType<AgentProblem> = AgentProblemBase.extend({
  get last() {
    return AgentProblemSchema.optional();
  },
});

/** Retrying cannot help: the user has to change something. */
export const PERMANENT_AGENT_PROBLEMS: ReadonlySet<AgentProblemCode> = new Set(['not-installed', 'folder-missing', 'unknown-auth-method']);
/** The agent runs but refuses to work until someone logs in. */
export const LOGIN_AGENT_PROBLEMS: ReadonlySet<AgentProblemCode> = new Set(['needs-login', 'login-failed']);

const ACTION_TEXT: Record<AgentAction, string> = {
  'start-session': 'start a session',
  'resume-session': 'resume a session',
  answer: 'answer',
  'change-setting': 'change a session setting',
};

const exited = (p: AgentProblem) => (p.exitCode !== undefined ? `with code ${p.exitCode}` : `on signal ${p.signal}`);

function howToLogIn(p: AgentProblem): string {
  const once = p.login ? `Run \`${p.login}\` once in a terminal and log in` : 'Log in with the agent once in a terminal';
  // The window has no field for the auth method, so name the setting where it is written, and when: the file
  // is read at start and rewritten by every save from the window.
  const where = 'quit Dingbridge and set agent.authMethod for this channel in the settings file (config.json in the data folder)';
  return p.methods ? `${once}, or ${where} to one of: ${p.methods}.` : `${once}.`;
}

/** A problem in English, as the log file, the CLI and windows that do not know its code show it. */
export function agentProblemText(p: AgentProblem): string {
  const agent = p.agent ?? 'The agent';
  switch (p.code) {
    case 'not-installed':
      return `${agent} is not installed: "${p.command}" was not found on PATH. Install it with: ${p.install}`;
    case 'folder-missing':
      return `The working folder ${p.folder} does not exist; choose an existing folder in the channel settings.`;
    case 'spawn-failed':
      return `${agent} could not be started: ${p.detail}`;
    case 'exited-at-start':
      return `${agent} exited during start-up ${exited(p)}.${p.output ? ` It printed: ${p.output}` : ''}`;
    case 'no-handshake':
      return `${agent} did not answer the ACP handshake.${p.output ? ` Instead it printed: ${p.output}` : ''}`;
    case 'unknown-auth-method':
      return `${agent} has no auth method "${p.method}"; it offers: ${p.methods || 'none'}.`;
    case 'login-failed':
      return `${agent} could not log in with "${p.method}": ${p.detail}. ${howToLogIn(p)}`;
    case 'needs-login':
      return `${agent} needs you to log in before it can ${ACTION_TEXT[p.action ?? 'answer']}. ${howToLogIn(p)}`;
    case 'exited':
      return `${agent} exited ${exited(p)} before it could ${ACTION_TEXT[p.action ?? 'answer']}.`;
    case 'crashed':
      return p.exitCode !== undefined ? `${agent} exited with code ${p.exitCode}.` : `${agent} was killed (${p.signal}).`;
    case 'session-timeout':
      return `${agent} did not start a session within ${p.seconds} s.`;
    case 'keeps-crashing':
      return `The agent stopped ${p.crashes} times within ${p.minutes} minutes, so it is not restarted again. Last time: ${p.last ? agentProblemText(p.last) : p.detail}`;
    case 'channel-stopping':
      return 'The channel is stopping.';
  }
}
