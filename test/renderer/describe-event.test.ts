import { describe, expect, it } from 'vitest';
import { describeEvent, KIND_GROUPS } from '../../renderer/src/pages/log/describe-event';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import type { LogEvent } from '../../renderer/src/view-types';

const base = { id: '1', at: 0, channel: 'team', conversationId: 'cid1==', replyKind: 'answer' } as const;
const held: LogEvent = { ...base, kind: 'reply.held', error: 'DingTalk had a server error (HTTP 503) during the direct message send' };
const late: LogEvent = { ...base, kind: 'reply.sent', path: 'openapi', chunks: 1, heldForMs: 7 * 60_000 };

describe('the log row of a reply DingTalk could not take at first', () => {
  it('shows it held as a warning with DingTalk’s words, and later how long it waited', () => {
    expect(describeEvent(held, en)).toEqual({ what: en.events.replyHeld, why: held.kind === 'reply.held' ? held.error : '', tone: 'warn' });
    expect(describeEvent(late, en)).toMatchObject({ what: 'Reply sent via the Open API', why: 'Sent after waiting 7 min: DingTalk could not take it at first', tone: 'good' });
    expect(describeEvent(late, zhCN).why).toContain('钉钉起初无法接收');
  });

  it('is found under both the replies and the errors filters', () => {
    expect(KIND_GROUPS.replies).toContain('reply.held');
    expect(KIND_GROUPS.errors).toContain('reply.held');
  });
});
