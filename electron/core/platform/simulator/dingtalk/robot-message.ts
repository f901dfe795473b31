import { createHash } from 'node:crypto';
import { randomBase64 } from './http-util.js';
import type { ConversationType, PushMessageInput, ResolvedApp } from './types.js';

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';
export const SIMULATED_CORP_ID = 'dingsimulatedcorp00000000000000';
export const DEFAULT_STAFF_ID = 'manager807';
export const DEFAULT_SENDER_NICK = '张三';
export const DEFAULT_GROUP_ID = 'cid-group-test';
export const DEFAULT_GROUP_TITLE = '测试群';

const LWCP = '$:LWCP_v1:$';

/** Real encrypted ids are opaque but stable per user, so a hash of the staffId is a faithful stand-in. */
function opaqueId(seed: string): string {
  return createHash('sha256').update(seed).digest('base64').slice(0, 22);
}

export function senderIdFor(staffId: string): string {
  return `${LWCP}${opaqueId(`user:${staffId}`)}`;
}

export function chatbotUserIdFor(clientId: string): string {
  return `${LWCP}bot${opaqueId(`bot:${clientId}`)}`;
}

export function newMsgId(): string {
  return `msg${randomBase64(16)}`;
}

export function dmConversationId(staffId: string): string {
  return `cid-dm-${staffId}`;
}

export interface ResolvedConversation {
  id: string;
  type: ConversationType;
  title?: string;
}

export function resolveConversation(input: PushMessageInput): ResolvedConversation {
  const staffId = input.sender?.staffId ?? DEFAULT_STAFF_ID;
  if (input.conversation?.type === 'group') {
    return {
      id: input.conversation.id ?? DEFAULT_GROUP_ID,
      type: '2',
      title: input.conversation.title ?? DEFAULT_GROUP_TITLE,
    };
  }
  return { id: input.conversation?.id ?? dmConversationId(staffId), type: '1' };
}

export interface RobotMessageContext {
  app: ResolvedApp;
  conversation: ResolvedConversation;
  msgId: string;
  sessionWebhook: string;
  createAt: number;
  webhookTtlMs: number;
}

/** The `data` of a robot CALLBACK frame, field for field as the real server sends it (protocol §3). */
export function buildRobotMessage(input: PushMessageInput, ctx: RobotMessageContext): Record<string, unknown> {
  const { app, conversation } = ctx;
  const staffId = input.sender?.staffId ?? DEFAULT_STAFF_ID;
  const isGroup = conversation.type === '2';
  const mentioned = isGroup && (input.isInAtList ?? true);
  const msgtype = input.msgtype ?? 'text';

  const data: Record<string, unknown> = {
    conversationId: conversation.id,
    conversationType: conversation.type,
  };
  if (isGroup) data.conversationTitle = conversation.title;
  Object.assign(data, {
    chatbotCorpId: SIMULATED_CORP_ID,
    chatbotUserId: app.chatbotUserId,
    msgId: ctx.msgId,
    senderNick: input.sender?.nick ?? DEFAULT_SENDER_NICK,
    isAdmin: false,
    senderStaffId: staffId,
    senderId: input.sender?.senderId ?? senderIdFor(staffId),
    senderCorpId: input.sender?.corpId ?? SIMULATED_CORP_ID,
    senderPlatform: 'Win',
    sessionWebhook: ctx.sessionWebhook,
    sessionWebhookExpiredTime: ctx.createAt + ctx.webhookTtlMs,
    createAt: ctx.createAt,
  });
  if (isGroup) {
    data.isInAtList = mentioned;
    data.atUsers = mentioned ? [{ dingtalkId: app.chatbotUserId }] : [];
  }
  data.robotCode = app.robotCode;
  data.msgtype = msgtype;
  if (msgtype === 'text') {
    // The server strips the bot's @name from group text but keeps the space that followed it.
    data.text = { content: `${mentioned ? ' ' : ''}${input.text ?? '你好'}` };
  } else {
    data.content = input.content ?? defaultContent(msgtype);
  }
  return Object.assign(data, input.extra);
}

function defaultContent(msgtype: string): unknown {
  if (msgtype === 'unknownMsgType') return { unknownMsgType: '用户发送了一条消息，机器人暂不支持接收。' };
  return {};
}
