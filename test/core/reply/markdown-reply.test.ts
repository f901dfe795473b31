import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarkdownReply } from '../../../electron/core/reply/markdown-reply.js';
import type { ReplyKind } from '../../../electron/core/reply/reply-kind.js';

function recorder() {
  const sent: Array<{ kind: ReplyKind; text: string }> = [];
  return { sent, sink: async (text: string, kind: ReplyKind) => void sent.push({ kind, text }) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the answer as one markdown message at the end', () => {
  it('sends only what the agent said after its last tool call, once, at the end', async () => {
    const { sent, sink } = recorder();
    const reply = new MarkdownReply(sink);
    reply.append('Let me look at the ');
    reply.append('README.');
    reply.tool({ line: '🔧 Read README.md', status: 'started' });
    reply.tool({ line: '⚠️ Read README.md failed', status: 'failed' });
    reply.append('It is a bridge ');
    reply.append('to DingTalk.');
    expect(sent).toEqual([]);
    await reply.finish({ say: 'empty', stopReason: 'end_turn' });
    expect(sent).toEqual([{ kind: 'answer', text: 'It is a bridge to DingTalk.' }]);
  });

  it('keeps the last words when a tool call ends the turn, and words an empty turn in the chat language', async () => {
    const quiet = recorder();
    await new MarkdownReply(quiet.sink, { language: 'en' }).finish({ say: 'empty', stopReason: 'refusal' });
    expect(quiet.sent).toEqual([{ kind: 'answer', text: 'The agent declined to answer this.' }]);

    const trailing = recorder();
    const reply = new MarkdownReply(trailing.sink);
    reply.append('Done: the tests pass.');
    reply.tool({ line: '🔧 Write notes.md', status: 'started' });
    await reply.finish({ say: 'empty', stopReason: 'end_turn' });
    expect(trailing.sent).toEqual([{ kind: 'answer', text: 'Done: the tests pass.' }]);
  });

  it('sends tool calls as progress at most once per interval, and none once the answer is out', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { sent, sink } = recorder();
    const reply = new MarkdownReply(sink, { progressMs: 10_000 });
    reply.tool({ line: '🔧 Read a.ts', status: 'started' });
    await vi.advanceTimersByTimeAsync(0);
    reply.tool({ line: '🔧 Read b.ts', status: 'started' });
    reply.tool({ line: '⚠️ Read b.ts failed', status: 'failed' });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(sent).toEqual([{ kind: 'progress', text: '🔧 Read a.ts' }]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.at(-1)).toEqual({ kind: 'progress', text: '🔧 Read b.ts\n⚠️ Read b.ts failed' });
    reply.tool({ line: '🔧 Run tests', status: 'started' });
    reply.append('All green.');
    await reply.finish({ say: 'empty', stopReason: 'end_turn' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent.map((message) => message.kind)).toEqual(['progress', 'progress', 'answer']);
  });

  it('sends no progress when the channel asks only for the answer, and drops what waits when the turn is abandoned', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const quiet = recorder();
    const final = new MarkdownReply(quiet.sink);
    final.tool({ line: '🔧 Read a.ts', status: 'started' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(quiet.sent).toEqual([]);

    const stopped = recorder();
    const reply = new MarkdownReply(stopped.sink, { progressMs: 10_000 });
    reply.tool({ line: '🔧 Read a.ts', status: 'started' });
    await vi.advanceTimersByTimeAsync(0);
    reply.tool({ line: '🔧 Read b.ts', status: 'started' });
    reply.abandon();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(stopped.sent).toEqual([{ kind: 'progress', text: '🔧 Read a.ts' }]);
  });

  it('waits for the earlier answer before sending anything of its own', async () => {
    const { sent, sink } = recorder();
    let deliverEarlier = () => {};
    const earlier = new Promise<void>((resolve) => (deliverEarlier = resolve));
    const reply = new MarkdownReply(sink, { language: 'zh-CN' });
    reply.after(earlier);
    const notice = reply.say({ say: 'session-lost' }, 'notice');
    reply.append('第二个回答');
    const answer = reply.finish({ say: 'empty', stopReason: 'end_turn' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([]);
    deliverEarlier();
    await Promise.all([notice, answer]);
    expect(sent).toEqual([
      { kind: 'notice', text: 'ℹ️ 智能体无法继续之前的对话，这次将开始新的对话。' },
      { kind: 'answer', text: '第二个回答' },
    ]);
  });
});
