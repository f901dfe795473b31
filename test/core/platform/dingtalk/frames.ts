import type { StreamFrame } from '../../../../electron/core/platform/dingtalk/stream-frame.js';

/** A robot callback frame as DingTalk sends it: string headers, `data` a JSON string. */
export function robotFrame(data: unknown, messageId = 'stream-msg-1'): StreamFrame {
  return {
    specVersion: '1.0',
    type: 'CALLBACK',
    headers: {
      appId: 'app-1',
      connectionId: 'conn-1',
      contentType: 'application/json',
      messageId,
      time: '1769851697756',
      topic: '/v1.0/im/bot/messages/get',
    },
    data: typeof data === 'string' ? data : JSON.stringify(data),
  };
}

export const BOT_ID = '$:LWCP_v1:$botbotbot';

export const groupText = (overrides: Record<string, unknown> = {}) => ({
  conversationId: 'cidAsXSBLnA==',
  conversationType: '2',
  conversationTitle: '测试群',
  chatbotCorpId: 'dingc5344d64bd47d252',
  chatbotUserId: BOT_ID,
  msgId: 'msgMxpQ+qegFQ4MpgOyu0UFrQ==',
  senderNick: '张三',
  isAdmin: true,
  senderStaffId: 'manager807',
  senderId: '$:LWCP_v1:$jqTgIfhRX9Q==',
  senderCorpId: 'dingc5344d64bd47d252',
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=76da36b4',
  sessionWebhookExpiredTime: 1769857097744,
  createAt: 1769851697611,
  isInAtList: true,
  atUsers: [{ dingtalkId: BOT_ID }],
  robotCode: 'dingabcdefgh12345',
  msgtype: 'text',
  text: { content: ' 帮我看下这个报错' },
  ...overrides,
});

export const dmMessage = (overrides: Record<string, unknown> = {}) => {
  const base: Record<string, unknown> = groupText({ conversationType: '1', conversationId: 'cidDM==' });
  delete base.conversationTitle;
  delete base.isInAtList;
  delete base.atUsers;
  return { ...base, ...overrides };
};
