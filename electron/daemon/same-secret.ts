import { timingSafeEqual } from 'node:crypto';

/** Whether `given` is `expected`, in a time that does not tell how much of it was right. */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
