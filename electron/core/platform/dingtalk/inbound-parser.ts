import type { z } from 'zod';
import type { StreamFrame } from './stream-frame.js';
import type { Attachment, InboundEnvelope, QuotedMessage } from './envelope.js';
import {
  LegacyQuoteSchema,
  MediaContentSchema,
  RepliedMessageSchema,
  RichTextContentSchema,
  RichTextPartSchema,
  RobotMessageSchema,
  TextContentSchema,
  type RobotMessage,
} from './robot-message.js';
import { senderKey } from './sender-identity.js';

export type ParseResult = { ok: true; envelope: InboundEnvelope } | { ok: false; reason: string };

interface Body {
  text: string;
  attachments: Attachment[];
  quoted?: Omit<QuotedMessage, 'fromBot'>;
  unsupported?: string;
}

const lenient = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** Turns a robot callback frame into the envelope; never throws, whatever DingTalk (or anyone) sent. */
export function parseRobotFrame(frame: StreamFrame, receivedAt: number = Date.now()): ParseResult {
  if (frame.data === undefined) return { ok: false, reason: 'the frame carries no data' };
  let data: unknown;
  try {
    data = JSON.parse(frame.data);
  } catch {
    return { ok: false, reason: 'the frame data is not JSON' };
  }
  const parsed = RobotMessageSchema.safeParse(data);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.');
    return { ok: false, reason: field ? `the robot message has no valid ${field}` : 'the robot message is not a JSON object' };
  }
  const message = parsed.data;
  const staffId = nonEmpty(message.senderStaffId);
  const senderId = nonEmpty(message.senderId);
  const senderKnownAs = staffId ?? senderId;
  if (!senderKnownAs) return { ok: false, reason: 'the robot message names no sender' };
  const senderCorpId = nonEmpty(message.senderCorpId);
  const botCorpId = nonEmpty(message.chatbotCorpId);

  const body = readBody(message);
  const isGroup = message.conversationType === '2';
  const isReplyToBot = Boolean(
    body.quoted?.senderId && message.chatbotUserId && body.quoted.senderId === message.chatbotUserId,
  );
  const atBot = message.atUsers?.some((user) => user.dingtalkId && user.dingtalkId === message.chatbotUserId);
  const envelope: InboundEnvelope = {
    msgId: nonEmpty(message.msgId) ?? frame.headers.messageId,
    streamMessageId: frame.headers.messageId,
    robotCode: message.robotCode,
    chatbotUserId: message.chatbotUserId,
    ...(botCorpId ? { botCorpId } : {}),
    conversation: {
      id: message.conversationId,
      type: isGroup ? 'group' : 'dm',
      ...(isGroup && message.conversationTitle ? { title: message.conversationTitle } : {}),
    },
    sender: {
      id: senderKey(senderKnownAs, senderCorpId, botCorpId),
      staffId,
      senderId,
      nick: nonEmpty(message.senderNick) ?? senderKnownAs,
      corpId: senderCorpId,
      isAdmin: message.isAdmin,
    },
    msgtype: message.msgtype,
    text: body.text,
    isMentioned: message.isInAtList === true || Boolean(atBot) || isReplyToBot,
    isReplyToBot,
    quoted: body.quoted ? { ...body.quoted, fromBot: isReplyToBot } : undefined,
    attachments: body.attachments,
    unsupported: body.unsupported,
    replyWebhook: message.sessionWebhook
      ? { url: message.sessionWebhook, expiresAt: message.sessionWebhookExpiredTime }
      : undefined,
    createdAt: message.createAt ?? receivedAt,
  };
  return { ok: true, envelope };
}

function readBody(message: RobotMessage): Body {
  switch (message.msgtype) {
    case 'text':
      return readText(message);
    case 'picture':
      return readMedia(message, 'image');
    case 'richText':
      return readRichText(message);
    case 'file':
      return readMedia(message, 'file');
    case 'audio':
      return readMedia(message, 'audio');
    case 'video':
      return readMedia(message, 'video');
    default:
      return readUnsupported(message);
  }
}

function readText(message: RobotMessage): Body {
  const text = lenient(TextContentSchema, message.text);
  const quoted = text?.isReplyMsg ? readReplied(text.repliedMsg) : readLegacyQuote(message);
  return { text: (text?.content ?? '').trim(), attachments: [], quoted };
}

function readMedia(message: RobotMessage, kind: Attachment['kind']): Body {
  const content = lenient(MediaContentSchema, message.content);
  const downloadCode = content?.downloadCode ?? content?.pictureDownloadCode;
  if (!content || !downloadCode) {
    return { text: '', attachments: [], unsupported: `The ${message.msgtype} message arrived without its content.` };
  }
  const attachment: Attachment = { kind, downloadCode };
  if (content.fileName) attachment.fileName = content.fileName;
  if (content.recognition) attachment.recognition = content.recognition;
  if (content.duration !== undefined) attachment.duration = content.duration;
  if (content.videoType) attachment.videoType = content.videoType;
  // A voice message's words are what the user said; the recording rides along as an attachment.
  return { text: kind === 'audio' ? (content.recognition ?? '').trim() : '', attachments: [attachment] };
}

function readRichText(message: RobotMessage): Body {
  const content = lenient(RichTextContentSchema, message.content);
  const { text, images } = flattenRichText(content?.richText ?? [], message.chatbotUserId);
  const replied = lenient(TextContentSchema, message.content);
  const quoted = replied?.isReplyMsg ? readReplied(replied.repliedMsg) : undefined;
  return {
    text,
    attachments: images.map((downloadCode) => ({ kind: 'image' as const, downloadCode })),
    quoted,
  };
}

/** Text parts become lines, @-parts stay inline (except the bot's own), pictures become images in order. */
function flattenRichText(parts: unknown[], botId: string | undefined): { text: string; images: string[] } {
  let text = '';
  const images: string[] = [];
  for (const raw of parts) {
    const part = lenient(RichTextPartSchema, raw);
    if (!part) continue;
    const code = part.downloadCode ?? part.pictureDownloadCode;
    if (part.type === 'picture' || (code && part.text === undefined)) {
      if (code) images.push(code);
      if (text && !text.endsWith('\n')) text += '\n';
      continue;
    }
    if (part.type === 'at') {
      const id = part.atUserId ?? part.dingtalkId;
      if (botId && id === botId) continue;
      if (part.atName) text += `${text && !/\s$/.test(text) ? ' ' : ''}@${part.atName} `;
      continue;
    }
    if (part.text) text += text && !text.endsWith('\n') && !text.endsWith(' ') ? `\n${part.text}` : part.text;
  }
  return { text: text.trim(), images };
}

function readReplied(raw: unknown): Body['quoted'] {
  const replied = lenient(RepliedMessageSchema, raw);
  if (!replied) return undefined;
  return {
    msgId: replied.msgId,
    senderId: replied.senderId,
    senderNick: replied.senderNick,
    msgtype: replied.msgType,
    text: describeQuotedContent(replied.content, replied.msgType),
  };
}

function readLegacyQuote(message: RobotMessage): Body['quoted'] {
  const quote = lenient(LegacyQuoteSchema, (message as Record<string, unknown>).quoteMessage);
  if (!quote) return undefined;
  return {
    msgId: quote.msgId,
    senderId: quote.senderId,
    msgtype: quote.msgtype,
    text: quote.text?.content.trim() ?? '',
  };
}

function describeQuotedContent(content: unknown, msgType: string | undefined): string {
  if (content && typeof content === 'object') {
    const record = content as Record<string, unknown>;
    if (typeof record.text === 'string') return record.text.trim();
    if (Array.isArray(record.richText)) {
      const { text, images } = flattenRichText(record.richText, undefined);
      return [text, ...images.map(() => '[image]')].filter(Boolean).join(' ');
    }
    if (typeof record.fileName === 'string') return `[file: ${record.fileName}]`;
    if (typeof record.downloadCode === 'string') return msgType === 'picture' ? '[image]' : `[${msgType ?? 'media'}]`;
  }
  return msgType ? `[${msgType}]` : '';
}

function readUnsupported(message: RobotMessage): Body {
  const content = message.content;
  const said =
    content && typeof content === 'object' && typeof (content as { unknownMsgType?: unknown }).unknownMsgType === 'string'
      ? (content as { unknownMsgType: string }).unknownMsgType
      : undefined;
  return {
    text: '',
    attachments: [],
    unsupported: said ?? `Messages of type "${message.msgtype}" are not supported yet.`,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
