import { z } from 'zod';
import { FieldProblemSchema } from './views.js';
import { ruleCode } from '../core/config/config-errors.js';
import { ErrorReasonSchema } from '../core/base/error-reason.js';

/**
 * `message` is the engine's English; a window words `reason` (and the `problems` with codes) in its own language.
 * A reason this side does not know (from a newer engine) is dropped rather than failing the answer: the English stays.
 */
export const ContractErrorSchema = z.object({
  code: z.enum(['invalid_input', 'invalid_output', 'unknown_operation', 'not_found', 'failed', 'unauthorized', 'disconnected']),
  message: z.string(),
  problems: z.array(FieldProblemSchema).optional(),
  reason: ErrorReasonSchema.optional().catch(undefined),
});
export type ContractErrorShape = z.infer<typeof ContractErrorSchema>;

/** A refused or failed operation, carried across every transport with the same shape. */
export class ContractError extends Error {
  readonly code: ContractErrorShape['code'];
  readonly problems: ContractErrorShape['problems'];
  readonly reason: ContractErrorShape['reason'];

  constructor(shape: ContractErrorShape) {
    super(shape.message);
    this.name = 'ContractError';
    this.code = shape.code;
    this.problems = shape.problems;
    this.reason = shape.reason;
  }

  toShape(): ContractErrorShape {
    return { code: this.code, message: this.message, ...(this.problems ? { problems: this.problems } : {}), ...(this.reason ? { reason: this.reason } : {}) };
  }
}

export const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ContractErrorSchema }),
]);
export type Result = z.infer<typeof ResultSchema>;

/** Zod issues as field problems: `settings.clientId: must not be empty`. */
export function problemsOf(error: z.ZodError): Array<z.infer<typeof FieldProblemSchema>> {
  return error.issues.map((issue) => {
    // A rule that names its kind of problem (`params: { code }`) keeps it, so the window can word it.
    const code = ruleCode(issue);
    return { path: issue.path.map(String).join('.') || '(input)', message: issue.message, ...(code ? { code } : {}) };
  });
}
