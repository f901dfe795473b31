import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short reference a user can quote and the operator can search the log for, e.g. `E-7K2QX9`. */
export function newErrorRef(): string {
  let ref = 'E-';
  for (let i = 0; i < 6; i++) ref += ALPHABET[randomInt(ALPHABET.length)];
  return ref;
}
