import type { LogEvent } from '../../view-types';
import type { Messages } from '../../i18n/en';
import { duration, elapsed, fileSize } from '../../format';
import { agentReason, channelReason, connectionReason } from '../../i18n/engine-words';

/** A code or state the engine sent, in the user's words; one this app does not know yet, as it came. */
export function word(words: Record<string, string>, code: string): string {
  return Object.hasOwn(words, code) ? (words[code] ?? code) : code;
}

/** A sent file as each of its rows names it: what it is, its name and its size. */
function sentFile(event: Extract<LogEvent, { kind: 'file.sent' | 'file.held' | 'file.failed' }>, m: Messages): [kind: string, name: string, size: string] {
  return [m.events.fileKinds[event.fileKind], event.name, fileSize(event.bytes, m)];
}

/** What happened, and why, for one log row. */
export function describeEvent(event: LogEvent, m: Messages): { what: string; why?: string; tone: 'normal' | 'good' | 'warn' | 'bad' } {
  const e = m.events;
  switch (event.kind) {
    case 'message.received':
      return { what: e.received(event.preview), ...(event.resumed ? { why: e.resumed } : {}), tone: 'normal' };
    case 'message.skipped':
      // A duplicate is said whole by its kind; what could not be read is DingTalk's own words, kept as they came.
      return { what: e.skipped(event.reason), ...(event.reason === 'malformed' ? { why: event.detail } : {}), tone: event.reason === 'malformed' ? 'warn' : 'normal' };
    case 'access.decision':
      return { what: e[event.decision], why: event.reasonCode ? word(e.accessReasons, event.reasonCode) : event.reason, tone: event.decision === 'admitted' ? 'good' : 'warn' };
    case 'pairing.requested':
      return { what: e.pairingRequested(event.code ?? ''), tone: 'warn' };
    case 'pairing.approved':
      // Approved without a code: let in from the app (the Approvals page or a log row), not by a pairing request.
      return { what: e.pairingApproved, ...(event.code ? {} : { why: e.allowedInApp }), tone: 'good' };
    case 'pairing.denied':
      return { what: e.pairingDenied, tone: 'warn' };
    case 'pairing.revoked':
      return { what: e.pairingRevoked, tone: 'warn' };
    case 'agent.turn.started':
      return { what: e.turnStarted, tone: 'normal' };
    case 'agent.tool':
      return { what: event.line, tone: 'normal' };
    case 'agent.permission.asked':
      return { what: e.permissionAsked(event.title), why: event.detail, tone: 'warn' };
    case 'agent.permission.answered': {
      const why = event.detail ? { why: event.detail } : {};
      if (event.by === 'remembered') return { what: e.permissionRemembered(event.title), ...why, tone: 'normal' };
      const by = event.answerer ? e.answeredInChatBy(event.answerer.nick) : word(e.answeredBy, event.by);
      return { what: e.permissionAnswered(event.title, word(e.decisions, event.decision), by), ...why, tone: 'normal' };
    }
    case 'agent.permission.clicked':
      return { what: e.permissionClicked[event.outcome](event.by, word(e.decisionButtons, event.decision)), tone: event.outcome === 'not-allowed' ? 'warn' : 'normal' };
    case 'agent.permission.revoked':
      return { what: e.permissionRevoked(event.title), ...(event.detail ? { why: event.detail } : {}), tone: 'normal' };
    case 'agent.turn.finished':
      return {
        what: e.turnFinished(word(e.outcomes, event.outcome), elapsed(event.durationMs, m)),
        why: [event.error?.split('\n')[0], event.ref].filter(Boolean).join(' · ') || undefined,
        tone: event.outcome === 'answered' ? 'good' : event.outcome === 'failed' || event.outcome === 'timeout' ? 'bad' : 'normal',
      };
    case 'agent.state':
      return {
        what: e.agentState(word(e.agentStates, event.status)),
        why: agentReason(event.reason, event.problem, m),
        tone: event.status === 'failed' ? 'bad' : event.status === 'needs-login' ? 'warn' : 'normal',
      };
    case 'reply.sent': {
      const why = [event.heldForMs !== undefined ? e.afterHeld(duration(event.heldForMs, m)) : event.attempts ? e.afterAttempts(event.attempts) : undefined, event.apiCalls ? e.apiCallsCost(event.apiCalls) : undefined]
        .filter(Boolean)
        .join(' · ');
      return { what: e.replySent(event.path, event.chunks), ...(why ? { why } : {}), tone: 'good' };
    }
    case 'reply.waiting':
      return { what: e.replyWaiting(duration(event.waitMs, m)), why: e.rateLimitWhy, tone: 'warn' };
    case 'reply.held':
      return { what: e.replyHeld, why: connectionReason(event.error, event.problem, m), tone: 'warn' };
    case 'reply.failed':
      return { what: e.replyFailed, why: connectionReason(event.error, event.problem, m), tone: 'bad' };
    case 'file.sent': {
      const waited = event.heldForMs !== undefined ? e.fileHeldFor(duration(event.heldForMs, m)) : event.attempts && event.attempts > 1 ? e.fileAttempts(event.attempts) : undefined;
      const why = [e.fileTakenFrom(event.source), e.fileVia[event.via], event.zipped ? e.fileZipped : undefined, waited].filter(Boolean).join(' · ');
      return { what: e.fileSent(...sentFile(event, m)), why, tone: 'good' };
    }
    case 'file.refused': {
      const reason = e.fileRefusals[event.reason];
      return { what: e.fileRefused(event.asked), why: [event.detail ? e.fileRefusedBecause(reason, event.detail) : reason, e.fileVia[event.via]].join(' · '), tone: 'warn' };
    }
    case 'file.held':
      return { what: e.fileHeld(...sentFile(event, m)), why: connectionReason(event.error, event.problem, m), tone: 'warn' };
    case 'file.failed':
      return { what: e.fileFailed(...sentFile(event, m)), why: connectionReason(event.error, event.problem, m), tone: 'bad' };
    case 'card.failed': {
      const why = [connectionReason(event.error, event.problem, m), event.pausedUntil ? e.cardsPaused(duration(event.pausedUntil - event.at, m)) : undefined].filter(Boolean).join(' ');
      return { what: e.cardFailed[event.stage], why, tone: 'warn' };
    }
    case 'card.stop':
      return { what: e.cardStop[event.outcome](event.by), tone: event.outcome === 'not-allowed' ? 'warn' : 'normal' };
    case 'connection.state':
      return { what: e.connection(word(e.connectionStates, event.state.status)), why: 'reason' in event.state ? connectionReason(event.state.reason, event.state.problem, m) : undefined, tone: event.state.status === 'failed' ? 'bad' : event.state.status === 'connected' ? 'good' : 'normal' };
    case 'channel.state':
      return { what: e.channelState(word(e.channelStates, event.status)), why: channelReason(event, m), tone: event.status === 'failed' ? 'bad' : 'normal' };
    case 'channel.archived':
      return { what: e.channelArchived, why: e.archivedTo(event.folder), tone: 'warn' };
    case 'error':
      return { what: `${e.error}${event.ref ? ` ${event.ref}` : ''}`, why: event.reason ? e.errorReasons[event.reason] : event.message, tone: 'bad' };
  }
}

/** A row's words, lower-cased, as a search reads them. */
export function describedText(event: LogEvent, m: Messages): string {
  const { what, why } = describeEvent(event, m);
  return (why ? `${what} ${why}` : what).toLowerCase();
}

export const KIND_GROUPS: Record<keyof Messages['log']['kinds'], Array<LogEvent['kind']>> = {
  messages: ['message.received', 'message.skipped'],
  access: ['access.decision'],
  pairing: ['pairing.requested', 'pairing.approved', 'pairing.denied', 'pairing.revoked'],
  agent: ['agent.turn.started', 'agent.tool', 'agent.permission.asked', 'agent.permission.answered', 'agent.permission.clicked', 'agent.permission.revoked', 'agent.turn.finished', 'agent.state'],
  replies: ['reply.sent', 'reply.waiting', 'reply.held', 'reply.failed', 'card.failed', 'card.stop', 'file.sent', 'file.refused', 'file.held', 'file.failed'],
  connection: ['connection.state', 'channel.state', 'channel.archived'],
  errors: ['error', 'reply.held', 'reply.failed', 'card.failed', 'file.held', 'file.failed'],
};
