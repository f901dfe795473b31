import { randomUUID } from 'node:crypto';
import type * as acp from '@agentclientprotocol/sdk';
import { TypedEmitter } from '../base/typed-emitter.js';
import type { PermissionMode } from './conversation-settings.js';
import type { BotSays } from './bot-says.js';
import { describeToolInput, toolTitleOf } from './permission-detail.js';
import { exactCommandFingerprint } from './exact-command.js';
import type { RememberedApprovals } from './remembered-approvals.js';
import { permissionCode, type ApprovalGiver, type PendingPermission, type PermissionDecision } from './permission-schema.js';

export type { PendingPermission, PermissionDecision } from './permission-schema.js';

/** Who settled a request: the operator in the window (`user`) or the CLI (`cli`), the chat, a remembered approval, the setting, the clock, a stop. */
export type PermissionAnswerSource = 'user' | 'cli' | 'chat' | 'remembered' | 'policy' | 'timeout' | 'cancelled';

/** Where the operator at the machine answers: the window, or the command line. */
export type OperatorSide = 'app' | 'cli';

/** Someone in a conversation, by staffId and name. */
export interface ChatPerson {
  staffId: string;
  nick: string;
}

export interface PermissionAnswer {
  id: string;
  sessionKey: string;
  title: string;
  detail?: string;
  decision: PermissionDecision | 'cancelled';
  by: PermissionAnswerSource;
  /** Who answered in the chat. */
  answerer?: ChatPerson;
}

export type PermissionEvents = {
  requested: [PendingPermission];
  answered: [PermissionAnswer];
};

export interface PermissionContext {
  sessionKey: string;
  /** The conversation of the message the agent is working on: the request is asked, and answered, only there. */
  conversationId: string;
  /** The senders of the messages the agent is working on, who caused the request; the last message's last. */
  requesters: ChatPerson[];
  /** Tells the people in that conversation (chat mode prompts, timeouts). */
  notify: (says: BotSays) => Promise<void>;
}

export interface PermissionBrokerOptions {
  mode: PermissionMode;
  timeoutMs: number;
  /** staffIds who may answer any request in the chat, besides the person who caused it. */
  approvers: readonly string[];
  remembered: RememberedApprovals;
}

/** What became of a chat answer. `not-yours`: requests wait here, but none the answerer may answer. */
export type ChatAnswer =
  | { result: 'answered'; pending: PendingPermission }
  | { result: 'none' }
  | { result: 'not-yours'; requesters: ChatPerson[] };

interface Waiting {
  pending: PendingPermission;
  requesters: ChatPerson[];
  resolve: (decision: PermissionDecision | 'cancelled', by: PermissionAnswerSource, answerer?: ChatPerson) => void;
}

interface Outcome {
  decision: PermissionDecision | 'cancelled';
  by: PermissionAnswerSource;
  answerer?: ChatPerson;
}

/**
 * Answers the agent's `session/request_permission` as the channel's `permissions` setting says: ask the app,
 * ask in the chat (where only the person who caused the request or an approver may answer), allow once, or
 * deny; lets an exact command remembered with "always" through; and refuses what nobody answered in time.
 */
export class PermissionBroker extends TypedEmitter<PermissionEvents> {
  readonly #waiting = new Map<string, Waiting>();
  readonly #options: PermissionBrokerOptions;

  constructor(options: PermissionBrokerOptions) {
    super();
    this.#options = options;
  }

  pending(): PendingPermission[] {
    return [...this.#waiting.values()].map((waiting) => waiting.pending);
  }

  async request(context: PermissionContext, request: acp.RequestPermissionRequest, signal: AbortSignal): Promise<acp.RequestPermissionResponse> {
    const { mode, timeoutMs, remembered } = this.#options;
    const { toolCall } = request;
    const title = toolTitleOf(toolCall);
    const detail = describeToolInput(toolCall.rawInput);
    const settle = (id: string, outcome: Outcome) => {
      this.emit('answered', { id, sessionKey: context.sessionKey, title, ...(detail ? { detail } : {}), ...outcome });
      return select(request.options, outcome.decision);
    };
    if (mode === 'auto') return settle(randomUUID(), { decision: 'allow_once', by: 'policy' });
    if (mode === 'deny') return settle(randomUUID(), { decision: 'deny', by: 'policy' });
    const fingerprint = exactCommandFingerprint(toolCall);
    if (remembered.use(fingerprint)) return settle(randomUUID(), { decision: 'allow_once', by: 'remembered' });

    const now = Date.now();
    const requester = context.requesters.at(-1);
    const pending: PendingPermission = {
      id: randomUUID(),
      sessionKey: context.sessionKey,
      sessionId: request.sessionId,
      conversationId: context.conversationId,
      ...(requester ? { senderId: requester.staffId, senderNick: requester.nick } : {}),
      title,
      ...(toolCall.kind ? { kind: toolCall.kind } : {}),
      ...(detail ? { detail } : {}),
      createdAt: now,
      expiresAt: now + timeoutMs,
    };
    const outcome = await new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => finish('cancelled', 'timeout'), timeoutMs);
      const onAbort = () => finish('cancelled', 'cancelled');
      const finish = (decision: PermissionDecision | 'cancelled', by: PermissionAnswerSource, answerer?: ChatPerson) => {
        if (!this.#waiting.delete(pending.id)) return;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve({ decision, by, ...(answerer ? { answerer } : {}) });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.set(pending.id, { pending, requesters: context.requesters, resolve: finish });
      if (signal.aborted) {
        finish('cancelled', 'cancelled');
        return;
      }
      // The channel asks in the chat, where the mode says to: the request event carries all it needs.
      this.emit('requested', pending);
    });
    if (outcome.decision === 'allow_always') {
      remembered.remember({ fingerprint, title, ...(toolCall.kind ? { kind: toolCall.kind } : {}), ...(detail ? { detail } : {}), allowedBy: giverOf(outcome) });
    }
    // In chat mode the prompt in the chat says it expired.
    if (outcome.by === 'timeout' && mode !== 'chat') {
      void context.notify({ say: 'permission-timed-out', title, ms: timeoutMs });
    }
    return settle(pending.id, outcome);
  }

  /** The operator's answer to request `id`, from the window or the CLI; false when it is no longer waiting. */
  answer(id: string, decision: PermissionDecision, via: OperatorSide = 'app'): boolean {
    const waiting = this.#waiting.get(id);
    if (!waiting) return false;
    waiting.resolve(decision, via === 'cli' ? 'cli' : 'user');
    return true;
  }

  /**
   * A chat answer (/approve, /always, /deny): to the oldest request asked in the answerer's conversation that
   * they caused, or any there when they are an approver. Nobody answers from elsewhere what they have not seen.
   */
  answerInChat(answerer: ChatPerson & { conversationId: string }, decision: PermissionDecision, code?: string): ChatAnswer {
    const here = [...this.#waiting.values()].filter(
      (waiting) => waiting.pending.conversationId === answerer.conversationId && (code === undefined || permissionCode(waiting.pending.id) === code.toUpperCase()),
    );
    const [oldest] = here;
    if (!oldest) return { result: 'none' };
    const theirs = here.find((waiting) => this.#mayAnswer(waiting, answerer));
    if (!theirs) return { result: 'not-yours', requesters: oldest.requesters };
    theirs.resolve(decision, 'chat', { staffId: answerer.staffId, nick: answerer.nick });
    return { result: 'answered', pending: theirs.pending };
  }

  /**
   * A chat answer to request `id` by a button: the same rule as a typed one. `none` when it is no longer waiting
   * (answered elsewhere first, expired), which the prompt already shows.
   */
  answerById(id: string, answerer: ChatPerson, decision: PermissionDecision): ChatAnswer {
    const waiting = this.#waiting.get(id);
    if (!waiting) return { result: 'none' };
    if (!this.#mayAnswer(waiting, answerer)) return { result: 'not-yours', requesters: waiting.requesters };
    waiting.resolve(decision, 'chat', { staffId: answerer.staffId, nick: answerer.nick });
    return { result: 'answered', pending: waiting.pending };
  }

  /** Only the people who caused a request, or the channel's approvers, may answer it in the chat. */
  #mayAnswer(waiting: Waiting, answerer: ChatPerson): boolean {
    return this.#options.approvers.includes(answerer.staffId) || waiting.requesters.some((person) => person.staffId === answerer.staffId);
  }

  /** Refuses everything still waiting, when the channel stops. */
  cancelAll(): void {
    for (const waiting of [...this.#waiting.values()]) waiting.resolve('cancelled', 'cancelled');
  }
}

function giverOf(outcome: Outcome): ApprovalGiver {
  if (outcome.answerer) return { via: 'chat', staffId: outcome.answerer.staffId, nick: outcome.answerer.nick };
  return { via: outcome.by === 'cli' ? 'cli' : 'app' };
}

/**
 * The agent hears "always" as "once": Dingbridge remembers the exact command itself, while an agent's own "always"
 * can cover far more than what was shown (every command of the same program, in Qwen Code and Gemini CLI).
 */
const KIND_PREFERENCES: Record<PermissionDecision, acp.PermissionOptionKind[]> = {
  allow_once: ['allow_once', 'allow_always'],
  allow_always: ['allow_once', 'allow_always'],
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
