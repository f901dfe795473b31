/** Whether a value read from a file or a call is an object with fields (not null, not a list). */
export const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** A value's fields when it is such an object, else none: for reading settings whose shape is not checked yet. */
export const recordOf = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
