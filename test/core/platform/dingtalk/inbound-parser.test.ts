import { describe, expect, it } from 'vitest';
import { parseRobotFrame } from '../../../../electron/core/platform/dingtalk/inbound-parser.js';
import { InboundEnvelopeSchema } from '../../../../electron/core/platform/dingtalk/envelope.js';
import { BOT_ID, dmMessage, groupText, robotFrame } from './frames.js';

const parse = (data: unknown, messageId?: string) => {
  const result = parseRobotFrame(robotFrame(data, messageId), 42);
  if (!result.ok) throw new Error(`expected a message, got: ${result.reason}`);
  expect(InboundEnvelopeSchema.parse(result.envelope)).toEqual(result.envelope);
  return result.envelope;
};

describe('parseRobotFrame', () => {
  it('reads a group text message, trimming the space DingTalk leaves where the bot was mentioned', () => {
    const envelope = parse(groupText());
    expect(envelope).toMatchObject({
      msgId: 'msgMxpQ+qegFQ4MpgOyu0UFrQ==',
      streamMessageId: 'stream-msg-1',
      conversation: { id: 'cidAsXSBLnA==', type: 'group', title: '测试群' },
      sender: { id: 'manager807', staffId: 'manager807', senderId: '$:LWCP_v1:$jqTgIfhRX9Q==', nick: '张三' },
      text: '帮我看下这个报错',
      isMentioned: true,
      isReplyToBot: false,
      attachments: [],
      replyWebhook: { url: expect.stringContaining('sendBySession'), expiresAt: 1769857097744 },
      createdAt: 1769851697611,
    });
  });

  it('reads a DM without title or mention fields', () => {
    const envelope = parse(dmMessage({ text: { content: '你好' } }));
    expect(envelope.conversation).toEqual({ id: 'cidDM==', type: 'dm' });
    expect(envelope.text).toBe('你好');
    expect(envelope.isMentioned).toBe(false);
  });

  it('falls back to senderId when there is no staffId, keeping both fields', () => {
    const envelope = parse(dmMessage({ senderStaffId: undefined }));
    expect(envelope.sender.id).toBe('$:LWCP_v1:$jqTgIfhRX9Q==');
    expect(envelope.sender.staffId).toBeUndefined();
  });

  it('knows someone of another organisation than the bot’s by organisation and staffId, and the bot’s own by staffId alone', () => {
    const outsider = parse(dmMessage({ chatbotCorpId: 'dingc5344d64bd47d252', senderCorpId: 'dingothercorp' }));
    expect(outsider).toMatchObject({ botCorpId: 'dingc5344d64bd47d252', sender: { id: 'dingothercorp/manager807', staffId: 'manager807', corpId: 'dingothercorp' } });
    expect(parse(dmMessage({ chatbotCorpId: 'dingc5344d64bd47d252', senderCorpId: 'dingc5344d64bd47d252' })).sender.id).toBe('manager807');
    // DingTalk naming only one side, or neither, is taken as the bot's own organisation, as before.
    expect(parse(dmMessage({ chatbotCorpId: undefined, senderCorpId: 'dingothercorp' })).sender.id).toBe('manager807');
    expect(parse(dmMessage({ senderStaffId: undefined, chatbotCorpId: 'dingc5344d64bd47d252', senderCorpId: 'dingothercorp' })).sender.id).toBe('dingothercorp/$:LWCP_v1:$jqTgIfhRX9Q==');
  });

  it('falls back to the frame messageId when the message has no msgId', () => {
    expect(parse(dmMessage({ msgId: undefined }), 'frame-77').msgId).toBe('frame-77');
  });

  it('keeps other @names and counts an @ of the bot in atUsers as a mention', () => {
    const envelope = parse(groupText({ isInAtList: undefined, text: { content: ' @李四 看看这个' } }));
    expect(envelope.text).toBe('@李四 看看这个');
    expect(envelope.isMentioned).toBe(true);
  });

  it('is not mentioned in a group when the bot is not in the at list', () => {
    const envelope = parse(groupText({ isInAtList: false, atUsers: [] }));
    expect(envelope.isMentioned).toBe(false);
  });

  it('reads the quoted message of a reply and counts a reply to the bot as a mention', () => {
    const envelope = parse(
      groupText({
        isInAtList: false,
        atUsers: [],
        text: {
          content: '这是回复',
          isReplyMsg: true,
          repliedMsg: { msgType: 'text', msgId: 'msg0', senderId: BOT_ID, senderNick: 'Bot', content: { text: '原消息' } },
        },
      }),
    );
    expect(envelope.quoted).toEqual({
      msgId: 'msg0',
      senderId: BOT_ID,
      senderNick: 'Bot',
      msgtype: 'text',
      text: '原消息',
      fromBot: true,
    });
    expect(envelope.isReplyToBot).toBe(true);
    expect(envelope.isMentioned).toBe(true);
  });

  it('describes a quoted file or rich text instead of dropping it', () => {
    const file = parse(
      dmMessage({
        text: { content: '这个', isReplyMsg: true, repliedMsg: { msgType: 'file', content: { downloadCode: 'x', fileName: 'a.zip' } } },
      }),
    );
    expect(file.quoted?.text).toBe('[file: a.zip]');
    const rich = parse(
      dmMessage({
        text: {
          content: '这个',
          isReplyMsg: true,
          repliedMsg: { msgType: 'richText', content: { richText: [{ text: '看图' }, { type: 'picture', downloadCode: 'p' }] } },
        },
      }),
    );
    expect(rich.quoted?.text).toBe('看图 [image]');
  });

  it('reads the legacy quoteMessage shape', () => {
    const envelope = parse(dmMessage({ quoteMessage: { msgId: 'old', senderId: 's', msgtype: 'text', text: { content: ' 旧 ' } } }));
    expect(envelope.quoted).toMatchObject({ msgId: 'old', text: '旧', fromBot: false });
  });

  it('reads a picture as an image attachment', () => {
    const envelope = parse(dmMessage({ msgtype: 'picture', text: undefined, content: { downloadCode: 'dl-1', pictureDownloadCode: 'pdl-1' } }));
    expect(envelope.text).toBe('');
    expect(envelope.attachments).toEqual([{ kind: 'image', downloadCode: 'dl-1' }]);
  });

  it('reads rich text with every image in order and the text in between', () => {
    const envelope = parse(
      dmMessage({
        msgtype: 'richText',
        text: undefined,
        content: {
          richText: [
            { text: '这个问题示例图如下：' },
            { type: 'picture', downloadCode: 'img-1', pictureDownloadCode: 'p1' },
            { type: 'at', atName: '王五' },
            { text: '交互流程' },
            { type: 'at', atName: 'Bot', atUserId: BOT_ID },
            { type: 'picture', pictureDownloadCode: 'img-2' },
          ],
        },
      }),
    );
    expect(envelope.text).toBe('这个问题示例图如下：\n@王五 交互流程');
    expect(envelope.attachments.map((a) => a.downloadCode)).toEqual(['img-1', 'img-2']);
  });

  it('reads a file with its name', () => {
    const envelope = parse(dmMessage({ msgtype: 'file', content: { downloadCode: 'f1', fileName: 'foobar.zip', fileId: '1', spaceId: '2' } }));
    expect(envelope.attachments).toEqual([{ kind: 'file', downloadCode: 'f1', fileName: 'foobar.zip' }]);
  });

  it('uses the recognition of a voice message as its text', () => {
    const envelope = parse(dmMessage({ msgtype: 'audio', content: { downloadCode: 'a1', recognition: '钉钉开放中心', duration: '3000' } }));
    expect(envelope.text).toBe('钉钉开放中心');
    expect(envelope.attachments).toEqual([{ kind: 'audio', downloadCode: 'a1', recognition: '钉钉开放中心', duration: 3000 }]);
  });

  it('reads a video with its duration as a number', () => {
    const envelope = parse(dmMessage({ msgtype: 'video', content: { downloadCode: 'v1', duration: '5', videoType: 'mp4' } }));
    expect(envelope.attachments).toEqual([{ kind: 'video', downloadCode: 'v1', duration: 5, videoType: 'mp4' }]);
  });

  it('gives unknown message types a clear placeholder instead of failing', () => {
    const unknown = parse(dmMessage({ msgtype: 'unknownMsgType', content: { unknownMsgType: '用户发送了一条消息，机器人暂不支持接收。' } }));
    expect(unknown.unsupported).toBe('用户发送了一条消息，机器人暂不支持接收。');
    const novel = parse(dmMessage({ msgtype: 'hologram', content: { x: 1 } }));
    expect(novel.unsupported).toBe('Messages of type "hologram" are not supported yet.');
    const noMsgtype = parse(dmMessage({ msgtype: 7 }));
    expect(noMsgtype.msgtype).toBe('unknown');
  });

  it('marks media without a download code as unsupported rather than crashing', () => {
    expect(parse(dmMessage({ msgtype: 'picture', content: 'nope' })).unsupported).toMatch(/without its content/);
  });

  it('tolerates wrong types in optional fields', () => {
    const envelope = parse(groupText({ isAdmin: 'yes', atUsers: 'everyone', createAt: 'soon', conversationType: 2 }));
    expect(envelope.sender.isAdmin).toBeUndefined();
    expect(envelope.createdAt).toBe(42);
    expect(envelope.conversation.type).toBe('group');
  });

  it('rejects what is not a robot message, saying why', () => {
    expect(parseRobotFrame(robotFrame('{not json'))).toEqual({ ok: false, reason: 'the frame data is not JSON' });
    expect(parseRobotFrame({ ...robotFrame({}), data: undefined })).toEqual({ ok: false, reason: 'the frame carries no data' });
    expect(parseRobotFrame(robotFrame({ conversationType: '1' }))).toEqual({
      ok: false,
      reason: 'the robot message has no valid conversationId',
    });
    expect(parseRobotFrame(robotFrame(dmMessage({ senderStaffId: ' ', senderId: undefined })))).toEqual({
      ok: false,
      reason: 'the robot message names no sender',
    });
    expect(parseRobotFrame(robotFrame('null'))).toMatchObject({ ok: false });
    expect(parseRobotFrame(robotFrame('[1,2]'))).toMatchObject({ ok: false });
  });
});
