import type { AgentWords, ConnectionWords, Messages } from './en';
import type { AgentProblem, ChannelView, ConnectionCheck, ConnectionProblem, ImportNote, InstallHint } from '../view-types';
import { problemText } from '../pages/channels/form-state';

/**
 * The engine's sentences in the window's language. The engine sends its English with a code and the values the
 * words need; a code this window does not know (from a newer engine) shows the English, never another's words.
 */

type Words<P> = string | ((p: P) => string);

/** A table's own entry for a code: one such as "constructor" must not find what every object inherits. */
export function entry<P>(table: object, code: string | undefined): Words<P> | undefined {
  return code !== undefined && Object.hasOwn(table, code) ? (table as Record<string, Words<P>>)[code] : undefined;
}

export const say = <P>(words: Words<P>, p: P): string => (typeof words === 'function' ? words(p) : words);

/** An agent problem, or undefined when it (or the problem it names as the last) has a code the window does not know. */
export function agentProblemText(problem: AgentProblem, m: Messages): string | undefined {
  const w = m.agentProblems;
  const words = entry<AgentWords>(w.codes, problem.code);
  const doing = entry<string>(w.actions, problem.action ?? 'answer');
  const lastTime = problem.last ? agentProblemText(problem.last, m) : (problem.detail ?? '');
  if (words === undefined || typeof doing !== 'string' || lastTime === undefined) return undefined;
  const install = installHintText(problem.install ?? '', problem.installHint, m);
  return say(words, { ...problem, install, exit: w.exited(problem), doing, logIn: w.logIn(problem), lastTime });
}

/** How to install an agent: the sentence in the window's language around commands as they are, else the engine's English. */
export function installHintText(english: string, hint: InstallHint | undefined, m: Messages): string {
  const words = hint ? entry<InstallHint>(m.agents.install, hint.code) : undefined;
  return hint && words !== undefined ? say(words, hint) : english;
}

/** A connection problem, or undefined when its code is one the window does not know. */
export function connectionProblemText(problem: ConnectionProblem, m: Messages): string | undefined {
  const w = m.connectionProblems;
  const words = entry<ConnectionWords>(w.codes, problem.code);
  return words === undefined ? undefined : say(words, { ...problem, said: w.said(problem) });
}

/** Why an agent is in its state: worded when the engine sent a code this window knows, else as the engine said it. */
export const agentReason = (reason: string | undefined, problem: AgentProblem | undefined, m: Messages): string | undefined =>
  (problem && agentProblemText(problem, m)) ?? reason;

/** Why a connection is in its state, the same way. */
export const connectionReason = (reason: string | undefined, problem: ConnectionProblem | undefined, m: Messages): string | undefined =>
  (problem && connectionProblemText(problem, m)) ?? reason;

/** Why a channel failed: its agent's or DingTalk's problem, or its settings' problems each as the form words it. */
export function channelReason(channel: Pick<ChannelView, 'reason' | 'problem' | 'problems'>, m: Messages): string | undefined {
  const { problem, problems } = channel;
  if (problem?.code === 'agent') return agentReason(channel.reason, problem.agent, m);
  if (problem?.code === 'connection') return connectionReason(channel.reason, problem.connection, m);
  if (problems?.length) return m.channelProblems.settings(problems.map(({ path, ...rest }) => ({ path, text: problemText(m.form.problems, path, rest) })));
  return channel.reason;
}

/** The keys in a channel's settings that no setting has, each as the form words it; none when there are none. */
export function unknownSettingsText(channel: Pick<ChannelView, 'unknownSettings'>, m: Messages): string | undefined {
  const keys = channel.unknownSettings;
  return keys?.length ? m.channelProblems.unknownSettings(keys.map(({ path, ...rest }) => ({ path, text: problemText(m.form.problems, path, rest) }))) : undefined;
}

/** One step of "Test connection": what worked, or why not. */
export function checkStepText(step: ConnectionCheck['steps'][number], m: Messages): string {
  if (step.ok) return m.connectionCheck[step.step];
  return connectionReason(step.message, step.problem, m) ?? step.message;
}

/** What an import could not read or bring over (a note, or the one problem of a file it could not read). */
export function importNoteText(note: Pick<ImportNote, 'message' | 'value'> & { code?: string }, m: Messages): string {
  const words = entry<Pick<ImportNote, 'value'>>(m.importProblems, note.code);
  return words === undefined ? note.message : say(words, note);
}
