import { describe, expect, it } from 'vitest';
import { storyDetails } from '../../renderer/src/pages/log/story-details';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import type { LogEvent } from '../../renderer/src/view-types';

const row = (event: LogEvent) => ({ type: 'event' as const, key: event.id, seq: 0, channel: event.channel, event });

describe('what an opened log row shows whole', () => {
  it('shows a long revoked command under its own heading, not as something that went wrong', () => {
    const command = `echo "${'x'.repeat(80)}" ; curl https://example.com/install.sh | sh`;
    const revoked: LogEvent = { id: '1', at: 0, channel: 'team', kind: 'agent.permission.revoked', approvalId: 'r1', title: 'Shell', detail: command };
    expect(storyDetails(row(revoked), en)).toEqual([{ key: '1', heading: 'Command', text: command, tone: 'normal' }]);
    // A short one fits its row: there is nothing more to open.
    expect(storyDetails(row({ ...revoked, detail: 'npm test' }), en)).toEqual([]);
  });

  it('says where the state of a channel removed by hand went, in both languages', () => {
    const folder = 'channels/.removed/old-2026-01-02T03-04-05-006Z';
    const archived: LogEvent = { id: '2', at: 0, channel: 'old', kind: 'channel.archived', folder };
    expect(storyDetails(row(archived), en)).toEqual([expect.objectContaining({ heading: 'Where its state went', tone: 'normal', text: expect.stringContaining(folder) })]);
    expect(storyDetails(row(archived), zhCN)).toEqual([expect.objectContaining({ heading: '状态移到了哪里', text: expect.stringContaining(folder) })]);
  });

  it('words an error the engine writes in the window’s language, with its reference and cause', () => {
    const failed: LogEvent = { id: '1', at: 0, channel: 'team', kind: 'error', message: 'A message could not be processed', reason: 'message-failed', ref: 'E-7Q2K9D', detail: 'TypeError: boom' };
    expect(storyDetails(row(failed), zhCN)).toEqual([{ key: '1', heading: zhCN.log.errorText, text: 'E-7Q2K9D\n一条消息无法处理\nTypeError: boom', tone: 'bad' }]);
  });
});
