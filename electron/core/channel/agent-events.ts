import type { AgentRuntime, SessionUnavailable } from '../agents/agent-runtime.js';
import type { AgentState } from '../agents/agent-state.js';
import type { PendingPermission } from '../agents/permission-broker.js';
import type { ChannelLogEvent } from '../events/event-schema.js';
import type { MessageContext } from '../events/message-context.js';
import type { ReplyDelivery } from '../reply/reply-delivery.js';
import type { InboundEnvelope } from '../platform/dingtalk/envelope.js';

export interface AgentEventDeps {
  context: MessageContext;
  delivery: ReplyDelivery<InboundEnvelope>;
  record(event: ChannelLogEvent): void;
  sessionsChanged(): void;
  permissionRequested(pending: PendingPermission): void;
  permissionAnswered(answer: { id: string; decision: string; by: string }): void;
  sessionUnavailable(info: SessionUnavailable): void;
  agentState(state: AgentState): void;
}

/** What the agent side does, in the log: each turn, tool call and permission with the messages it belongs to. */
export function recordAgentEvents(runtime: AgentRuntime, deps: AgentEventDeps): void {
  const { context, delivery, record } = deps;
  runtime.on('turnStarted', ({ key, msgIds }) => {
    context.turnStarted(key, msgIds);
    const last = msgIds.at(-1);
    if (last !== undefined && msgIds.length > 1) delivery.gathered(last, msgIds.slice(0, -1));
    record({ kind: 'agent.turn.started', ...context.of(msgIds), sessionKey: key, msgIds });
    deps.sessionsChanged();
  });
  runtime.on('toolCall', ({ key, line }) => {
    const msgIds = context.turnOf(key);
    record({ kind: 'agent.tool', ...context.of(msgIds), msgIds, sessionKey: key, line });
  });
  runtime.on('turnFinished', ({ key, msgIds, outcome, durationMs, error }) => {
    const ref = delivery.takeRef(msgIds);
    context.turnFinished(key);
    record({ kind: 'agent.turn.finished', ...context.of(msgIds), sessionKey: key, msgIds, outcome, durationMs, ...(error ? { error } : {}), ...(ref ? { ref } : {}) });
    deps.sessionsChanged();
  });
  runtime.on('sessionChanged', () => deps.sessionsChanged());
  runtime.on('permissionRequested', (pending) => {
    const msgIds = context.turnOf(pending.sessionKey);
    record({
      kind: 'agent.permission.asked',
      ...context.of(msgIds),
      msgIds,
      permissionId: pending.id,
      sessionKey: pending.sessionKey,
      conversationId: pending.conversationId,
      title: pending.title,
      ...(pending.detail ? { detail: pending.detail } : {}),
    });
    deps.permissionRequested(pending);
  });
  runtime.on('permissionAnswered', (answer) => {
    const msgIds = context.turnOf(answer.sessionKey);
    const { id, sessionKey, title, detail, decision, by, answerer } = answer;
    record({ kind: 'agent.permission.answered', ...context.of(msgIds), msgIds, permissionId: id, sessionKey, title, ...(detail ? { detail } : {}), decision, by, ...(answerer ? { answerer } : {}) });
    deps.permissionAnswered({ id, decision, by });
  });
  runtime.on('sessionUnavailable', (info) => deps.sessionUnavailable(info));
  runtime.on('agentState', (state) => {
    record({ kind: 'agent.state', status: state.status, ...('reason' in state ? { reason: state.reason } : {}), ...('problem' in state && state.problem ? { problem: state.problem } : {}) });
    deps.agentState(state);
  });
}
