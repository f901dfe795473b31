import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logFileText, startWorld } from './service-harness.js';
import { until } from '../platform/dingtalk/harness.js';

const dm = (staffId: string, nick = staffId) => ({ sender: { staffId, nick } });
const group = (id: string, extra: Record<string, unknown> = {}) => ({ conversation: { type: 'group' as const, id, title: '研发群' }, ...extra });

describe('channel flows: DingTalk → access control → agent → reply', () => {
  it('in progress mode, tells the chat of each tool call before the answer, and only the answer otherwise', async () => {
    const world = await startWorld({ outputMode: 'progress', timeouts: { progressMs: 0 } });
    world.fake.pushMessage({ text: 'tool: Read README.md\nslow: 100\nsay: done', ...dm('staff1') });
    await until(() => world.events('reply.sent').length === 2, 'the progress line and the answer');
    expect(world.outboxText()).toEqual(['🔧 Read README.md', 'done']);
    expect(world.events('reply.sent').map((event) => (event as { replyKind?: string }).replyKind)).toEqual(['progress', 'answer']);

    const quiet = await startWorld();
    quiet.fake.pushMessage({ text: 'tool: Read README.md\nslow: 100\nsay: done', ...dm('staff1') });
    await until(() => quiet.events('reply.sent').length === 1, 'the answer');
    expect(quiet.outboxText()).toEqual(['done']);
  });

  it('answers a DM through the webhook with the 👀 reaction, and records every step', async () => {
    const world = await startWorld();
    const pushed = world.fake.pushMessage({ text: 'say: 你好，我是智能体', ...dm('staff1', '张三') });
    await until(() => world.outboxText().length === 1, 'the reply');
    expect(world.fake.outbox[0]).toMatchObject({ via: 'webhook', text: '你好，我是智能体' });
    await until(() => world.fake.reactions.length === 2, 'the reaction to be recalled');
    expect(world.fake.reactions.map((r) => r.action)).toEqual(['reply', 'recall']);
    await until(() => world.events('reply.sent').length === 1, 'the reply to be recorded');
    const kinds = world.events().map((e) => e.kind).filter((k) => !k.startsWith('connection') && !k.startsWith('channel') && k !== 'agent.state');
    // The turn is over once its answer is complete; sending it is the reply's own step.
    expect(kinds).toEqual(['message.received', 'access.decision', 'agent.turn.started', 'agent.turn.finished', 'reply.sent']);
    expect(world.events('message.received')[0]).toMatchObject({
      channel: 'team',
      conversationId: pushed.conversationId,
      conversationType: 'dm',
      msgId: pushed.msgId,
      senderStaffId: 'staff1',
      senderId: expect.stringContaining('$:LWCP_v1:$'),
      nick: '张三',
      msgtype: 'text',
      preview: 'say: 你好，我是智能体',
      mentioned: false,
    });
    expect(world.events('access.decision')[0]).toMatchObject({ decision: 'admitted', reason: expect.stringContaining('senderPolicy "open"') });
    expect(world.events('reply.sent')[0]).toMatchObject({ path: 'webhook', chunks: 1, replyKind: 'answer', msgId: pushed.msgId });
    expect(world.events('agent.turn.finished')[0]).toMatchObject({ outcome: 'answered', durationMs: expect.any(Number) });
  });

  it('tells each message’s whole story: every step carries its conversation and sender, and each reply what it said', async () => {
    const world = await startWorld({ groupPolicy: 'open' });
    const pushed = world.fake.pushMessage({ text: 'tool: npm test\nsay: all green', ...group('cidStory'), ...dm('staff7', '王五') });
    await until(() => world.events('reply.sent').length === 1, 'the reply to be recorded');
    const where = { conversationId: 'cidStory', conversationType: 'group', conversationTitle: '研发群', senderStaffId: 'staff7', nick: '王五' };
    const story = world.events().filter((e) => !e.kind.startsWith('connection') && !e.kind.startsWith('channel') && e.kind !== 'agent.state');
    expect(story.map((e) => e.kind)).toEqual(['message.received', 'access.decision', 'agent.turn.started', 'agent.tool', 'agent.turn.finished', 'reply.sent']);
    for (const event of story) expect(event).toMatchObject(where);
    expect(world.events('agent.tool')[0]).toMatchObject({ msgIds: [pushed.msgId], line: expect.stringContaining('npm test') });
    expect(world.events('reply.sent')[0]).toMatchObject({ msgId: pushed.msgId, text: 'all green' });
    expect((await world.service.log.query({ conversationId: 'cidStory' })).length).toBe(story.length);
  });

  it('allowlist: answers listed staffIds and silently ignores everyone else, saying why in the log', async () => {
    const world = await startWorld({ senderPolicy: 'allowlist', allowedUsers: ['boss'] });
    world.fake.pushMessage({ text: 'say: no', ...dm('stranger') });
    world.fake.pushMessage({ text: 'say: yes', ...dm('boss') });
    await until(() => world.outboxText().includes('yes'), 'the answer to the listed user');
    await until(() => world.events('access.decision').length === 2, 'both decisions');
    expect(world.outboxText()).toEqual(['yes']);
    const dropped = world.events('access.decision').find((e) => e.kind === 'access.decision' && e.decision === 'dropped');
    expect(dropped).toMatchObject({ senderStaffId: 'stranger', reason: 'not on the allowlist (senderPolicy "allowlist")', reasonCode: 'not-allowed' });
  });

  it('groups: disabled by default, dropped silently with the reason recorded', async () => {
    const world = await startWorld();
    world.fake.pushMessage({ text: 'say: hi', ...group('cidG1') });
    await until(() => world.events('access.decision').length === 1, 'the decision');
    expect(world.events('access.decision')[0]).toMatchObject({ decision: 'dropped', conversationTitle: '研发群', reason: expect.stringContaining('groupPolicy "disabled"') });
    expect(world.fake.outbox).toEqual([]);
  });

  it('groups: the allowlist admits only listed groups, and "*" never admits one but gives them its defaults', async () => {
    const world = await startWorld({ groupPolicy: 'allowlist', groups: { '*': { requireMention: false }, cidListed: {} } });
    world.fake.pushMessage({ text: 'say: other', ...group('cidOther') });
    // Not @-mentioned: the listed group says nothing of requireMention, so "*" lets it through.
    world.fake.pushMessage({ text: 'say: listed', isInAtList: false, ...group('cidListed') });
    await until(() => world.events('access.decision').length === 2, 'both decisions');
    await until(() => world.outboxText().length === 1, 'one answer');
    expect(world.outboxText()).toEqual(['listed']);
    expect(world.events('access.decision').map((e) => (e.kind === 'access.decision' ? e.reason : ''))).toContain(
      'this group is not on the bot’s group allowlist (groupPolicy "allowlist")',
    );
  });

  it('groups: open groups need a mention unless "*" or the group says otherwise; a reply to the bot counts', async () => {
    const world = await startWorld({ groupPolicy: 'open', groups: { cidQuiet: { requireMention: false } } });
    world.fake.pushMessage({ text: 'say: unmentioned', isInAtList: false, ...group('cidLoud') });
    world.fake.pushMessage({ text: 'say: mentioned', ...group('cidLoud') });
    world.fake.pushMessage({ text: 'say: quiet group', isInAtList: false, ...group('cidQuiet') });
    world.fake.pushMessage({
      isInAtList: false,
      ...group('cidLoud'),
      extra: { text: { content: 'say: replying to the bot', isReplyMsg: true, repliedMsg: { msgType: 'text', senderId: world.fake.chatbotUserId, content: { text: 'earlier answer' } } } },
    });
    await until(() => world.outboxText().length === 3, 'three answers');
    expect(world.outboxText().sort()).toEqual(['mentioned', 'quiet group', 'replying to the bot']);
    const dropped = world.events('access.decision').filter((e) => e.kind === 'access.decision' && e.decision === 'dropped');
    expect(dropped).toEqual([expect.objectContaining({ reason: expect.stringContaining('not @-mentioned') })]);
  });

  it('puts the sender’s nick in front of a group message for the agent', async () => {
    const world = await startWorld({ groupPolicy: 'open' });
    world.fake.pushMessage({ text: 'echo', ...group('cidG'), sender: { staffId: 's9', nick: '王五' } });
    await until(() => world.outboxText().length === 1, 'the echo');
    expect(world.outboxText()[0]).toBe('[王五] echo');
  });

  it('gives the user a reference when the agent fails, and the log shows it beside the full error', async () => {
    const world = await startWorld();
    world.fake.pushMessage({ text: 'crash' });
    await until(() => world.outboxText().length === 1, 'the apology');
    const ref = world.outboxText()[0]?.match(/\(ref (E-[A-Z0-9]{6})\)/)?.[1];
    expect(ref).toBeDefined();
    await until(() => world.events('agent.turn.finished').length === 1, 'the turn record');
    expect(world.events('agent.turn.finished')[0]).toMatchObject({ outcome: 'failed', ref, error: expect.stringContaining('crashing as told') });
    expect((await world.service.log.query({ text: ref ?? '' })).map((e) => e.kind)).toEqual(['error', 'reply.sent', 'agent.turn.finished']);
    const received = world.events('message.received')[0];
    const msgId = received?.kind === 'message.received' ? received.msgId : undefined;
    expect(world.events('error')[0]).toMatchObject({ msgId, conversationId: expect.any(String), nick: expect.any(String) });
    expect(world.events('reply.sent')[0]).toMatchObject({ msgId, replyKind: 'error', text: expect.stringContaining(ref ?? '') });
  });

  it('says it cannot read an unsupported message instead of staying silent', async () => {
    const world = await startWorld();
    world.fake.pushMessage({ msgtype: 'unknownMsgType', content: { unknownMsgType: '用户发送了一条消息，机器人暂不支持接收。' } });
    await until(() => world.outboxText().length === 1, 'the notice');
    expect(world.outboxText()[0]).toMatch(/暂不支持接收[\s\S]*can't read this kind of message/);
  });

  it('hands pictures and files to the agent as saved files', async () => {
    const world = await startWorld();
    const code = world.fake.addMedia(Buffer.from('89504e47', 'hex'), 'image/png');
    world.fake.pushMessage({ msgtype: 'richText', content: { richText: [{ text: 'echo' }, { type: 'picture', downloadCode: code }] } });
    await until(() => world.outboxText().length === 1, 'the echo');
    const echoed = world.outboxText()[0] ?? '';
    const saved = echoed.match(/It has been saved to: (\S+\.png)/)?.[1];
    expect(saved).toContain(join(world.dataDir, 'channels', 'team', 'inbox'));
    expect(await readFile(saved ?? '')).toEqual(Buffer.from('89504e47', 'hex'));
    await until(() => world.events('reply.sent').length === 1, 'the reply record');
  });

  it('keeps secrets, tokens and webhook URLs out of the log', async () => {
    const world = await startWorld();
    world.fake.pushMessage({ text: 'say: ok' });
    await until(() => world.outboxText().length === 1, 'the reply');
    world.fake.expireWebhooks();
    world.fake.pushMessage({ text: 'say: via open api' });
    await until(() => world.outboxText().length === 2, 'the Open API reply');
    world.service.log.append({ kind: 'error', channel: 'team', message: `leak test ${world.fake.app.clientSecret} https://x/robot/sendBySession?session=abc123def` });
    const file = await logFileText(world);
    const memory = JSON.stringify(world.events());
    for (const text of [file, memory]) {
      expect(text).not.toContain(world.fake.app.clientSecret);
      expect(text).not.toContain('session=abc123def');
      expect(text).not.toMatch(/sendBySession\?session=[0-9a-f]{6}/);
    }
    expect(file).toContain('leak test ***');
  });
});

describe('channels that cannot run', () => {
  it('shows bad credentials in DingTalk’s words', async () => {
    const world = await startWorld({ dingtalk: { clientSecret: 'wrong-secret' } });
    const [summary] = world.service.channels();
    expect(summary).toMatchObject({ status: 'failed', reason: expect.stringContaining('鉴权失败') });
    // The same reason as a code, with DingTalk's words, for the window to say in its language; and so in the log.
    const problem = { code: 'connection', connection: { code: 'auth', dingtalkMessage: expect.stringContaining('鉴权失败') } };
    expect(summary?.problem).toMatchObject(problem);
    expect(world.events('channel.state').find((e) => e.kind === 'channel.state' && e.status === 'failed')).toMatchObject({ problem });
  });

  it('stops with the reason when the agent is not installed, after telling the user', async () => {
    const world = await startWorld({ agent: { preset: 'goose', command: 'goose-not-installed' } });
    world.fake.pushMessage({ text: 'hello' });
    await until(() => world.service.channels()[0]?.status === 'failed', 'the channel to fail');
    expect(world.service.channels()[0]?.reason).toMatch(/goose is not installed/);
    expect(world.service.channels()[0]?.problem).toEqual({
      code: 'agent',
      agent: {
        code: 'not-installed',
        agent: 'goose',
        command: 'goose-not-installed',
        install: expect.any(String),
        installHint: { code: 'download', program: 'goose', minVersion: '1.8', url: expect.stringMatching(/^https:\/\//) },
      },
    });
    expect(world.outboxText()[0]).toMatch(/^⚠️ 运行 Dingbridge 的电脑上没有安装 goose.*\n\n⚠️ goose is not installed.*Install it with/s);
  });
});
