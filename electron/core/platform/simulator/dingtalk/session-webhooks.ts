import { randomHex } from './http-util.js';
import type { ConversationType } from './types.js';

export interface Session {
  clientId: string;
  conversationId: string;
  conversationType: ConversationType;
  expiresAt: number;
  expired: boolean;
}

const WINDOW_MS = 60_000;

/** Session webhooks handed out with pushed messages, and the per-conversation send rate behind them. */
export class SessionWebhooks {
  private readonly sessions = new Map<string, Session>();
  private readonly sendsByConversation = new Map<string, number[]>();

  create(clientId: string, conversationId: string, conversationType: ConversationType, expiresAt: number): string {
    const key = randomHex(16);
    this.sessions.set(key, { clientId, conversationId, conversationType, expiresAt, expired: false });
    return key;
  }

  /** The session while it can still be used. */
  lookup(key: string): Session | undefined {
    const session = this.sessions.get(key);
    if (!session || session.expired || session.expiresAt <= Date.now()) return undefined;
    return session;
  }

  expireAll(): void {
    for (const session of this.sessions.values()) session.expired = true;
  }

  /** Sends in the sliding window; counting only successful sends, since rejected ones never reach the chat. */
  recentSends(conversationId: string): number {
    const cutoff = Date.now() - WINDOW_MS;
    const sends = (this.sendsByConversation.get(conversationId) ?? []).filter((at) => at > cutoff);
    this.sendsByConversation.set(conversationId, sends);
    return sends.length;
  }

  recordSend(conversationId: string, at: number): void {
    const sends = this.sendsByConversation.get(conversationId) ?? [];
    sends.push(at);
    this.sendsByConversation.set(conversationId, sends);
  }
}
