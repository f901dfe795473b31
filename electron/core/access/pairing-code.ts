import { randomInt } from 'node:crypto';

/** No 0/O or 1/I: codes are read aloud and typed from phones. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newPairingCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}
