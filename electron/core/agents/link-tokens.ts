import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A token handed to one session's tool, and the way to make it stop working when the session ends. */
export interface IssuedToken {
  token: string;
  revoke(): void;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

/**
 * The tokens a local link accepts, each standing for the session its caller named. Only their digests are kept, and a
 * token given is compared with every one in constant time: fixed-length digests leave nothing for timing to tell, not
 * even the length of a guess.
 */
export class LinkTokens {
  readonly #issued = new Set<{ digest: Buffer; ref: string }>();

  issue(ref: string): IssuedToken {
    const token = randomBytes(32).toString('base64url');
    const entry = { digest: digest(token), ref };
    this.#issued.add(entry);
    return {
      token,
      revoke: () => {
        this.#issued.delete(entry);
      },
    };
  }

  /** The session a token stands for, or undefined when it was never issued or was revoked. */
  refOf(token: string): string | undefined {
    const given = digest(token);
    let found: string | undefined;
    // No early return: which position matched is not for timing to tell either.
    for (const entry of this.#issued) if (timingSafeEqual(given, entry.digest)) found = entry.ref;
    return found;
  }

  clear(): void {
    this.#issued.clear();
  }
}
