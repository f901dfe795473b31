import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../electron/core/events/event-log.js';
import { LogEventSchema, type NewLogEvent } from '../../../electron/core/events/event-schema.js';
import { tempDir } from '../platform/dingtalk/harness.js';

const where = { channel: 'team', conversationId: 'cidGroup==', conversationType: 'group', conversationTitle: '研发部', senderStaffId: 'zhangsan', senderId: '$:LWCP:zs', nick: '张三' } as const;
const CONTEXT = ['conversationType', 'conversationTitle', 'senderStaffId', 'senderId', 'nick'];

/** A message answered in a turn, a reply to it, and a pairing request that names its asker. */
function story(msgId: string): NewLogEvent[] {
  return [
    { kind: 'message.received', ...where, msgId, msgtype: 'text', preview: 'run the tests', mentioned: true },
    { kind: 'access.decision', ...where, msgId, decision: 'admitted', reason: 'on the allowlist' },
    { kind: 'agent.turn.started', ...where, sessionKey: 'team:cidGroup==', msgIds: [msgId] },
    { kind: 'agent.tool', ...where, sessionKey: 'team:cidGroup==', msgIds: [msgId], line: 'Shell: npm test' },
    { kind: 'reply.sent', ...where, msgId, replyKind: 'answer', path: 'webhook', chunks: 1, text: 'All green.' },
    { kind: 'agent.turn.finished', ...where, sessionKey: 'team:cidGroup==', msgIds: [msgId], outcome: 'answered', durationMs: 900 },
  ];
}

describe('the window’s history with each message’s context once', () => {
  it('leaves the conversation and sender out of a message’s later events, keeping what each kind requires', async () => {
    const log = await EventLog.open();
    for (const event of story('m1')) log.append(event);
    log.append({ kind: 'pairing.requested', channel: 'team', staffId: 'lisi', nick: '李四', code: '123456', conversationId: 'cidGroup==', msgId: 'm1' });
    const lean = await log.query({ contextOnce: true });
    const [message, ...steps] = lean;
    expect(message).toMatchObject(where);
    for (const step of steps.filter((event) => event.kind !== 'pairing.requested')) {
      for (const key of CONTEXT) expect(step, `${step.kind} ${key}`).not.toHaveProperty(key);
    }
    expect(lean.find((event) => event.kind === 'access.decision')).toHaveProperty('conversationId', 'cidGroup==');
    expect(lean.find((event) => event.kind === 'reply.sent')).toHaveProperty('conversationId', 'cidGroup==');
    expect(lean.find((event) => event.kind === 'agent.tool')).not.toHaveProperty('conversationId');
    expect(lean.find((event) => event.kind === 'pairing.requested')).toMatchObject({ staffId: 'lisi', nick: '李四', conversationId: 'cidGroup==' });
    for (const event of lean) expect(LogEventSchema.safeParse(event).success).toBe(true);
    // Everything else about each event is as the log keeps it, and the log itself keeps it whole.
    const whole = await log.query();
    expect(lean.map((event) => [event.id, event.kind])).toEqual(whole.map((event) => [event.id, event.kind]));
    expect(whole.every((event) => 'conversationId' in event && event.conversationId === 'cidGroup==')).toBe(true);
  });

  it('keeps the context of events whose message is not in the answer, as when paging back cut it off', async () => {
    const log = await EventLog.open({ dir: await tempDir(), ringSize: 3 });
    for (const event of story('m1')) log.append(event);
    const lean = await log.query({ contextOnce: true, limit: 3 });
    expect(lean.map((event) => event.kind)).toEqual(['agent.tool', 'reply.sent', 'agent.turn.finished']);
    for (const event of lean) expect(event).toMatchObject({ senderStaffId: 'zhangsan', nick: '张三', conversationId: 'cidGroup==' });
  });

  it('keeps a turn’s context when only some of the messages it answered are in the answer', async () => {
    const log = await EventLog.open();
    log.append(story('m1')[0] as NewLogEvent);
    log.append({ kind: 'agent.turn.finished', ...where, sessionKey: 'team:cidGroup==', msgIds: ['m0', 'm1'], outcome: 'answered', durationMs: 900 });
    const [, finished] = await log.query({ contextOnce: true });
    expect(finished).toMatchObject({ senderStaffId: 'zhangsan', conversationTitle: '研发部' });
  });
});
