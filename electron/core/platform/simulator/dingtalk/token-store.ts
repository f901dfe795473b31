import { randomHex } from './http-util.js';

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

/**
 * One token pool for both token endpoints. A still-valid token is handed out again, which is what
 * the real server is reported to do within the validity period.
 */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly ttlSeconds: number) {}

  issue(clientId: string): { token: string; expiresIn: number } {
    const now = Date.now();
    for (const [token, issued] of this.tokens) {
      if (issued.expiresAt <= now) this.tokens.delete(token);
      else if (issued.clientId === clientId) {
        return { token, expiresIn: Math.max(0, Math.round((issued.expiresAt - now) / 1000)) };
      }
    }
    const token = randomHex(16);
    this.tokens.set(token, { clientId, expiresAt: now + this.ttlSeconds * 1000 });
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The clientId the token was issued to, or undefined when it is unknown, revoked or expired. */
  clientIdOf(token: string): string | undefined {
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt <= Date.now()) return undefined;
    return issued.clientId;
  }

  revokeAll(): void {
    this.tokens.clear();
  }
}
