import type { z } from 'zod';
import { eventContract, invokeContract, type EventName, type EventPayload, type InvokeName, type InvokeOutput } from './contract.js';
import { ContractError, problemsOf, type Result } from './errors.js';

/** What the engine does for each operation, given input the contract has already checked. */
export type Handlers = {
  [N in InvokeName]: (input: z.output<(typeof invokeContract)[N]['input']>) => Promise<InvokeOutput<N>> | InvokeOutput<N>;
};

const isInvokeName = (name: unknown): name is InvokeName => typeof name === 'string' && Object.hasOwn(invokeContract, name);

/**
 * An unknown name as the answer quotes it: briefly, since it can be anything a client sent, and without
 * converting an object, which can refuse to become text.
 */
function quoteName(name: unknown): string {
  if (typeof name === 'string') return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  return `named by ${name === null ? 'null' : Array.isArray(name) ? 'a list' : `a ${typeof name}`}`;
}

/**
 * The server side of every transport: checks the operation and its input, runs the handler, checks what it
 * returns, and answers with a Result, never a thrown error.
 */
export function createDispatcher(handlers: Handlers): (name: unknown, input: unknown) => Promise<Result> {
  return async (name, rawInput) => {
    if (!isInvokeName(name)) {
      return { ok: false, error: { code: 'unknown_operation', message: `There is no operation ${quoteName(name)}.` } };
    }
    const spec = invokeContract[name];
    const input = spec.input.safeParse(rawInput);
    if (!input.success) {
      const problems = problemsOf(input.error);
      const first = problems[0];
      return {
        ok: false,
        error: { code: 'invalid_input', message: `The request for ${name} is invalid: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}.`, problems },
      };
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(input.data);
      const output = spec.output.safeParse(value);
      if (!output.success) {
        return { ok: false, error: { code: 'invalid_output', message: `The engine gave an invalid answer to ${name}.`, problems: problemsOf(output.error) } };
      }
      return { ok: true, value: output.data };
    } catch (error) {
      if (error instanceof ContractError) return { ok: false, error: error.toShape() };
      return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
    }
  };
}

/** Checks an outgoing event against the contract; an engine bug is caught here, not in the window. */
export function checkEvent<E extends EventName>(name: E, payload: unknown): EventPayload<E> {
  const parsed = eventContract[name].safeParse(payload);
  if (!parsed.success) {
    throw new ContractError({ code: 'invalid_output', message: `The event ${name} does not match the contract.`, problems: problemsOf(parsed.error) });
  }
  return parsed.data as EventPayload<E>;
}
