import { z } from 'zod';

/** A text setting that must not be empty; `what` says what belongs there, in the problem the person reads. */
export const text = (what: string) => z.string({ error: `must be ${what}` }).trim().min(1, `must not be empty (${what})`);
