import type { ChannelConfig } from '../config/channel-schema.js';
import type { InboundEnvelope } from '../platform/dingtalk/envelope.js';
import { fromOtherOrganisation } from '../platform/dingtalk/sender-identity.js';
import { checkGroup } from '../access/group-gate.js';
import { checkSender } from '../access/sender-gate.js';
import { ACCESS_REASON_TEXT, type AccessReason } from '../access/access-reason.js';
import type { PairingStore } from '../access/pairing-store.js';
import type { ChannelLogEvent } from '../events/event-schema.js';
import { whereOf } from './message-where.js';
import { CHANNEL_WORDS } from '../reply/words/channel-words.js';

export interface AdmissionDeps {
  config: ChannelConfig;
  pairing: PairingStore;
  record(event: ChannelLogEvent): void;
  /** A notice to the message's sender, in its conversation. */
  notify(message: InboundEnvelope, text: string): Promise<unknown>;
  /** The message is let in: the agent answers it. */
  answer(message: InboundEnvelope): Promise<void>;
  /** Nothing more is owed to the message here: a restart does not take it on again. */
  owedNothing(msgId: string): void;
  /** The operator's lists of pairing requests changed. */
  pairingChanged(): void;
}

const PREVIEW_CHARS = 200;

/**
 * A message's way through the gates: recorded as it came, then let in to the agent, turned away, or held for the
 * operator's approval with a pairing code sent to the person, every decision in the log with its reason.
 * `resumed`: taken on before a restart and not answered then; it goes through the gates as they are now.
 */
export async function admit(message: InboundEnvelope, resumed: boolean, deps: AdmissionDeps): Promise<void> {
  const { conversation, sender } = message;
  const where = whereOf(message);
  const text = message.text || message.unsupported || message.attachments.map((a) => `[${a.kind}${a.fileName ? `: ${a.fileName}` : ''}]`).join(' ');
  deps.record({
    kind: 'message.received',
    ...where,
    msgId: message.msgId,
    msgtype: message.msgtype,
    preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text,
    mentioned: message.isMentioned,
    ...(resumed ? { resumed: true } : {}),
  });
  const decide = (decision: 'admitted' | 'dropped' | 'pairing', reason: AccessReason, detail = '') =>
    deps.record({ kind: 'access.decision', ...where, msgId: message.msgId, decision, reason: ACCESS_REASON_TEXT[reason] + detail, reasonCode: reason });
  const drop = (reason: AccessReason) => {
    decide('dropped', reason);
    deps.owedNothing(message.msgId);
  };

  const group = checkGroup(message, deps.config);
  if (!group.admit) {
    drop(group.reason);
    return;
  }
  const { pairing } = deps;
  const verdict = checkSender({ id: sender.id, otherOrganisation: fromOtherOrganisation(sender.corpId, message.botCorpId) }, deps.config, pairing);
  if (verdict.admit) {
    decide('admitted', verdict.reason);
    await deps.answer(message);
    return;
  }
  if (!verdict.pair) {
    drop(verdict.reason);
    return;
  }
  const ask = pairing.ask({ staffId: sender.id, nick: sender.nick }, conversation, message);
  if (ask.status === 'denied') {
    drop('denied');
    return;
  }
  if (ask.status === 'full') {
    drop(ask.limit === 'conversation' ? 'pairing-conversation-full' : 'pairing-full');
    // The operator's list of refused requests changed.
    deps.pairingChanged();
    if (ask.sendNotice) await deps.notify(message, CHANNEL_WORDS.pairingFull(deps.config.chatLanguage));
    return;
  }
  decide('pairing', ask.isNew ? 'pairing-requested' : 'pairing-pending', ` (code ${ask.request.code})`);
  if (ask.isNew) {
    deps.record({ kind: 'pairing.requested', staffId: sender.id, nick: sender.nick, code: ask.request.code, conversationId: conversation.id, msgId: message.msgId });
    deps.pairingChanged();
  }
  if (ask.sendCode) await deps.notify(message, CHANNEL_WORDS.pairingCode(deps.config.chatLanguage, sender.nick, ask.request.code));
  // The pairing store keeps the message from here on, and answers it once the person is approved.
  await pairing.flush();
  deps.owedNothing(message.msgId);
}
