import type { InboundEnvelope } from '../../../../electron/core/platform/dingtalk/envelope.js';

/** A plain DM text message from one person, as the parser would make it: what stores keep and hand back. */
export function dmEnvelope(msgId: string, text = `text of ${msgId}`): InboundEnvelope {
  return {
    msgId,
    streamMessageId: `stream-${msgId}`,
    conversation: { id: 'cidStore==', type: 'dm' },
    sender: { id: 'staff1', staffId: 'staff1', nick: 'Ada' },
    msgtype: 'text',
    text,
    isMentioned: false,
    isReplyToBot: false,
    attachments: [],
    createdAt: 1,
  };
}
