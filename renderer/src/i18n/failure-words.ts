import { ContractError } from '../../../electron/contract/errors';
import type { Messages } from './en';
import type { ErrorReason } from '../view-types';
import { entry, say } from './engine-words';
import { problemText } from '../pages/channels/form-state';

/**
 * What a failed call says to the person, in the window's language: the engine's reason, else what was wrong with
 * what was sent (each problem as the form words it), else the kind of failure when that says it all. Anything
 * unforeseen (a disk error, a newer engine's code) keeps the engine's English.
 */
export function failureText(failure: unknown, m: Messages): string {
  if (!(failure instanceof ContractError)) return failure instanceof Error ? failure.message : String(failure);
  const w = m.failures;
  const reason = failure.reason ? entry<ErrorReason>(w.reasons, failure.reason.code) : undefined;
  if (failure.reason && reason !== undefined) return say(reason, failure.reason);
  if (failure.problems?.length) return w.refused(failure.problems.map(({ path, ...problem }) => ({ path, text: problemText(m.form.problems, path, problem) })));
  const kind = entry<undefined>(w.kinds, failure.code);
  return typeof kind === 'string' ? kind : failure.message;
}
