import { z } from 'zod';
import { AttachmentKindSchema, ChatConversationSchema, ChatMessageSchema } from '../../chat/chat-message.js';

export const AttachmentSchema = z.object({
  kind: AttachmentKindSchema,
  /** Exchanged for a short-lived download URL through messageFiles/download. */
  downloadCode: z.string(),
  fileName: z.string().optional(),
  /** DingTalk's speech recognition of a voice message. */
  recognition: z.string().optional(),
  /** As DingTalk sends it: seconds for video; for audio DingTalk does not say. */
  duration: z.number().optional(),
  videoType: z.string().optional(),
});

export const QuotedMessageSchema = z.object({
  msgId: z.string().optional(),
  senderId: z.string().optional(),
  senderNick: z.string().optional(),
  msgtype: z.string().optional(),
  /** The quoted text, or a short description of quoted media ("[image]", "[file: a.zip]"). */
  text: z.string(),
  fromBot: z.boolean(),
});

/** One inbound DingTalk message, whatever its msgtype: the chat message every platform has, and DingTalk's own. */
export const InboundEnvelopeSchema = ChatMessageSchema.extend({
  /** The Stream frame's own id (headers.messageId). */
  streamMessageId: z.string(),
  robotCode: z.string().optional(),
  chatbotUserId: z.string().optional(),
  /** The bot's organisation (DingTalk's chatbotCorpId); absent in messages kept from before it was recorded. */
  botCorpId: z.string().optional(),
  conversation: ChatConversationSchema,
  sender: ChatMessageSchema.shape.sender.extend({
    /**
     * `id` is the staffId when DingTalk gives one, else the encrypted senderId; `corpId/staffId` for someone from
     * another organisation than the bot's (see sender-identity.ts).
     */
    staffId: z.string().optional(),
    senderId: z.string().optional(),
    corpId: z.string().optional(),
    isAdmin: z.boolean().optional(),
  }),
  msgtype: z.string(),
  isReplyToBot: z.boolean(),
  quoted: QuotedMessageSchema.optional(),
  attachments: z.array(AttachmentSchema),
  /** Set for message types the bridge cannot pass on, with the words to show the user. */
  unsupported: z.string().optional(),
  replyWebhook: z
    .object({
      url: z.string(),
      expiresAt: z.number().optional(),
    })
    .optional(),
});

export type Attachment = z.infer<typeof AttachmentSchema>;
export type QuotedMessage = z.infer<typeof QuotedMessageSchema>;
export type InboundEnvelope = z.infer<typeof InboundEnvelopeSchema>;
