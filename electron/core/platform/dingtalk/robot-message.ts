import { z } from 'zod';

const optionalString = z.string().optional().catch(undefined);
const optionalBoolean = z.boolean().optional().catch(undefined);
/** DingTalk sends some numbers as strings ("5") and some strings as numbers; accept both, keep the number. */
const looseNumber = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]).optional().catch(undefined);

/**
 * The `data` of a robot callback frame, read leniently: only what identifies a message is required; every
 * other field that is missing or of the wrong type is treated as absent instead of failing the message.
 */
export const RobotMessageSchema = z.looseObject({
  conversationId: z.string().min(1),
  conversationType: z.union([z.literal('1'), z.literal('2'), z.literal(1), z.literal(2)]).transform(String),
  conversationTitle: optionalString,
  chatbotUserId: optionalString,
  chatbotCorpId: optionalString,
  msgId: optionalString,
  senderNick: optionalString,
  senderStaffId: optionalString,
  senderId: optionalString,
  senderCorpId: optionalString,
  isAdmin: optionalBoolean,
  sessionWebhook: optionalString,
  sessionWebhookExpiredTime: looseNumber,
  createAt: looseNumber,
  isInAtList: optionalBoolean,
  atUsers: z
    .array(z.looseObject({ dingtalkId: optionalString, staffId: optionalString }))
    .optional()
    .catch(undefined),
  robotCode: optionalString,
  msgtype: z.string().catch('unknown'),
  text: z.unknown().optional(),
  content: z.unknown().optional(),
});

export type RobotMessage = z.infer<typeof RobotMessageSchema>;

export const TextContentSchema = z.looseObject({
  content: z.string().catch(''),
  isReplyMsg: optionalBoolean,
  repliedMsg: z.unknown().optional(),
});

export const RepliedMessageSchema = z.looseObject({
  msgType: optionalString,
  msgId: optionalString,
  senderId: optionalString,
  senderNick: optionalString,
  content: z.unknown().optional(),
});

export const LegacyQuoteSchema = z.looseObject({
  msgId: optionalString,
  senderId: optionalString,
  msgtype: optionalString,
  text: z.looseObject({ content: z.string().catch('') }).optional().catch(undefined),
});

export const MediaContentSchema = z.looseObject({
  downloadCode: optionalString,
  pictureDownloadCode: optionalString,
  fileName: optionalString,
  recognition: optionalString,
  duration: looseNumber,
  videoType: optionalString,
});

export const RichTextPartSchema = z.looseObject({
  type: optionalString,
  text: optionalString,
  downloadCode: optionalString,
  pictureDownloadCode: optionalString,
  atName: optionalString,
  atUserId: optionalString,
  dingtalkId: optionalString,
});

export const RichTextContentSchema = z.looseObject({
  richText: z.array(z.unknown()).catch([]),
});
