import type { InboundEnvelope } from '../platform/dingtalk/envelope.js';
import { fromOtherOrganisation } from '../platform/dingtalk/sender-identity.js';
import type { MessageWhere } from '../events/message-context.js';

/** Who wrote where, as the log keeps it: the staffId as allowlists take it, and the organisation of an outsider. */
export function whereOf({ conversation, sender, botCorpId }: InboundEnvelope): MessageWhere {
  const outsider = fromOtherOrganisation(sender.corpId, botCorpId);
  return {
    conversationId: conversation.id,
    conversationType: conversation.type,
    ...(conversation.title ? { conversationTitle: conversation.title } : {}),
    // The sender's key is their staffId, qualified with their organisation when it is another's.
    ...(sender.staffId ? { senderStaffId: sender.id } : {}),
    ...(sender.senderId ? { senderId: sender.senderId } : {}),
    nick: sender.nick,
    ...(outsider ? { senderCorpId: sender.corpId } : {}),
  };
}
