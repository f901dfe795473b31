import { randomUUID } from 'node:crypto';
import type * as acp from '@agentclientprotocol/sdk';
import { z } from 'zod';
import { TypedEmitter } from '../typed-emitter.js';
import type { PermissionMode } from './conversation-settings.js';
import { AGENT_CHAT_MESSAGES } from './agent-chat-messages.js';

export const PermissionDecisionSchema = z.enum(['allow_once', 'allow_always', 'deny']);
export type PermissionDecision = z.infer<typeof PermissionDecisionSchema>;

/** A tool permission waiting for the user, as the window and the chat show it. */
export interface PendingPermission {
  id: string;
  sessionKey: string;
  sessionId: string;
  conversationId: string;
  senderId?: string;
  title: string;
  kind?: string;
  /** What the tool wants to do, when the agent says (a command, a path). */
  detail?: string;
  createdAt: number;
  expiresAt: number;
}

export type PermissionAnswerSource = 'user' | 'chat' | 'remembered' | 'policy' | 'timeout' | 'cancelled';

export type PermissionEvents = {
  requested: [PendingPermission];
  answered: [{ id: string; sessionKey: string; title: string; decision: PermissionDecision | 'cancelled'; by: PermissionAnswerSource }];
};

export interface PermissionContext {
  sessionKey: string;
  conversationId: string;
  senderId?: string;
  /** Tells the person in the conversation (chat mode prompts, timeouts). */
  notify: (text: string) => Promise<void>;
}

interface Waiting {
  pending: PendingPermission;
  request: acp.RequestPermissionRequest;
  resolve: (decision: PermissionDecision | 'cancelled', by: PermissionAnswerSource) => void;
}

/**
 * Answers the agent's `session/request_permission` as the channel's `permissions` setting says: ask the app,
 * ask in the chat, allow once, or deny; and refuses what nobody answered in time, saying so.
 */
export class PermissionBroker extends TypedEmitter<PermissionEvents> {
  readonly #waiting = new Map<string, Waiting>();
  readonly #always = new Map<string, Set<string>>();

  constructor(
    private readonly mode: PermissionMode,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  pending(): PendingPermission[] {
    return [...this.#waiting.values()].map((waiting) => waiting.pending);
  }

  async request(
    context: PermissionContext,
    request: acp.RequestPermissionRequest,
    signal: AbortSignal,
  ): Promise<acp.RequestPermissionResponse> {
    const title = request.toolCall.title ?? request.toolCall.kind ?? 'a tool';
    const toolKey = `${request.toolCall.kind ?? ''}:${title}`;
    const pick = (decision: PermissionDecision | 'cancelled') => select(request.options, decision);
    if (this.mode === 'auto') return this.#settle(undefined, context, title, 'allow_once', 'policy', pick);
    if (this.mode === 'deny') return this.#settle(undefined, context, title, 'deny', 'policy', pick);
    if (this.#always.get(context.sessionKey)?.has(toolKey)) {
      return this.#settle(undefined, context, title, 'allow_once', 'remembered', pick);
    }

    const now = Date.now();
    const pending: PendingPermission = {
      id: randomUUID(),
      sessionKey: context.sessionKey,
      sessionId: request.sessionId,
      conversationId: context.conversationId,
      ...(context.senderId ? { senderId: context.senderId } : {}),
      title,
      ...(request.toolCall.kind ? { kind: request.toolCall.kind } : {}),
      ...(describeInput(request.toolCall.rawInput) ? { detail: describeInput(request.toolCall.rawInput) } : {}),
      createdAt: now,
      expiresAt: now + this.timeoutMs,
    };
    const outcome = await new Promise<{ decision: PermissionDecision | 'cancelled'; by: PermissionAnswerSource }>((resolve) => {
      const timer = setTimeout(() => finish('cancelled', 'timeout'), this.timeoutMs);
      const onAbort = () => finish('cancelled', 'cancelled');
      const finish = (decision: PermissionDecision | 'cancelled', by: PermissionAnswerSource) => {
        if (!this.#waiting.delete(pending.id)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve({ decision, by });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.set(pending.id, { pending, request, resolve: finish });
      if (signal.aborted) {
        finish('cancelled', 'cancelled');
        return;
      }
      this.emit('requested', pending);
      if (this.mode === 'chat') {
        void context.notify(AGENT_CHAT_MESSAGES.permissionAsked(title, pending.detail));
      }
    });
    if (outcome.decision === 'allow_always') {
      const remembered = this.#always.get(context.sessionKey) ?? new Set<string>();
      remembered.add(toolKey);
      this.#always.set(context.sessionKey, remembered);
    }
    if (outcome.by === 'timeout') {
      void context.notify(AGENT_CHAT_MESSAGES.permissionTimedOut(title, Math.round(this.timeoutMs / 60_000)));
    }
    return this.#settle(pending.id, context, title, outcome.decision, outcome.by, pick);
  }

  /** The app's answer to request `id`; false when it is no longer waiting. */
  answer(id: string, decision: PermissionDecision): boolean {
    const waiting = this.#waiting.get(id);
    if (!waiting) return false;
    waiting.resolve(decision, 'user');
    return true;
  }

  /** A chat answer (/approve, /always, /deny) to the oldest request waiting in this session. */
  answerInChat(sessionKey: string, decision: PermissionDecision): PendingPermission | undefined {
    const waiting = [...this.#waiting.values()].find((entry) => entry.pending.sessionKey === sessionKey);
    waiting?.resolve(decision, 'chat');
    return waiting?.pending;
  }

  /** Forget the "always" answers of a session, e.g. when the user clears it. */
  forgetSession(sessionKey: string): void {
    this.#always.delete(sessionKey);
  }

  /** Refuses everything still waiting, when the channel stops. */
  cancelAll(): void {
    for (const waiting of [...this.#waiting.values()]) waiting.resolve('cancelled', 'cancelled');
  }

  #settle(
    id: string | undefined,
    context: PermissionContext,
    title: string,
    decision: PermissionDecision | 'cancelled',
    by: PermissionAnswerSource,
    pick: (decision: PermissionDecision | 'cancelled') => acp.RequestPermissionResponse,
  ): acp.RequestPermissionResponse {
    this.emit('answered', { id: id ?? randomUUID(), sessionKey: context.sessionKey, title, decision, by });
    return pick(decision);
  }
}

const KIND_PREFERENCES: Record<PermissionDecision, acp.PermissionOptionKind[]> = {
  allow_once: ['allow_once', 'allow_always'],
  allow_always: ['allow_always', 'allow_once'],
  deny: ['reject_once', 'reject_always'],
};

/** The agent's own option that matches a decision; with no matching option the request is cancelled. */
function select(options: acp.PermissionOption[], decision: PermissionDecision | 'cancelled'): acp.RequestPermissionResponse {
  if (decision === 'cancelled') return { outcome: { outcome: 'cancelled' } };
  for (const kind of KIND_PREFERENCES[decision]) {
    const option = options.find((candidate) => candidate.kind === kind);
    if (option) return { outcome: { outcome: 'selected', optionId: option.optionId } };
  }
  return { outcome: { outcome: 'cancelled' } };
}

function describeInput(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw.slice(0, 300);
  if (typeof raw === 'object') {
    const record = raw as Record<string, unknown>;
    for (const key of ['command', 'cmd', 'path', 'file_path', 'url']) {
      const value = record[key];
      if (typeof value === 'string') return value.slice(0, 300);
      if (Array.isArray(value)) return value.join(' ').slice(0, 300);
    }
    return JSON.stringify(raw).slice(0, 300);
  }
  return String(raw).slice(0, 300);
}
