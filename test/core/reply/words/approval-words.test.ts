import { describe, expect, it } from 'vitest';
import { approvalOutcome, approvalQuestion, commandApart, commandMessage, settledPrompt } from '../../../../electron/core/reply/words/approval-words.js';
import type { PendingPermission } from '../../../../electron/core/agents/permission-schema.js';

const NOW = 1_800_000_000_000;
const pending = (detail: string, title = 'Shell'): PendingPermission => ({
  id: '3f9a2c10-0000-4000-8000-000000000000',
  sessionKey: 'k',
  sessionId: 's',
  conversationId: 'cid',
  senderId: 'alice',
  senderNick: 'Alice',
  title,
  detail,
  createdAt: NOW,
  expiresAt: NOW + 270_000,
});

describe('a permission request as the chat asks it', () => {
  it('names the tool, the command, who asked, the code to type and the expiry, with three buttons that send the typed answers', () => {
    const question = approvalQuestion('en', pending('npm test'));
    expect(question.text).toContain('The agent asks to use **Shell** (asked by Alice):');
    expect(approvalQuestion('en', pending('npm test', 'npm test')).text).toMatch(/^🔐 The agent asks to run this \(asked by Alice\):\n\n```\nnpm test\n```/);
    expect(question.text).toContain('```\nnpm test\n```');
    expect(question.text).toContain('/approve 3F9A2C');
    expect(question.text).toContain('within 270 seconds');
    expect(question.buttons).toEqual([
      { decision: 'allow_once', text: 'Allow once', sends: '/approve 3F9A2C' },
      { decision: 'allow_always', text: 'Always', sends: '/always 3F9A2C' },
      { decision: 'deny', text: 'Deny', sends: '/deny 3F9A2C' },
    ]);
    expect(question.title).toBe('🔐 The agent asks to use Shell');
  });

  it('speaks Chinese first when the chat speaks both, buttons included', () => {
    const question = approvalQuestion('both', pending('npm test'));
    expect(question.text.indexOf('点按钮回答')).toBeLessThan(question.text.indexOf('Tap a button'));
    expect(question.buttons[0]?.text).toBe('允许一次 / Allow once');
  });

  it('keeps a long command out of the prompt, whole in a message before it, and a title short', () => {
    const long = `echo ${'x'.repeat(3_000)}`;
    const asked = pending(long, long);
    expect(commandApart(asked)).toBe(true);
    expect(approvalQuestion('en', asked).text).toContain('The whole command is in the message above.');
    expect(approvalQuestion('en', asked).text).not.toContain('xxxxxxxxxx');
    expect(commandMessage('en', asked)).toContain(long);
    expect(approvalQuestion('en', asked).title.length).toBeLessThan(100);
    expect(commandApart(pending('npm test'))).toBe(false);
  });

  it('says what became of it and who answered, and the settled prompt offers no way to answer', () => {
    const base = { id: 'x', sessionKey: 'k', title: 'Shell', detail: 'npm test' };
    expect(approvalOutcome('en', { ...base, decision: 'allow_once', by: 'chat', answerer: { staffId: 'alice', nick: 'Alice' } }, 270_000)).toBe('✅ Allowed once: Shell (answered by Alice in the chat)');
    expect(approvalOutcome('en', { ...base, decision: 'deny', by: 'user' }, 270_000)).toBe('⛔ Denied: Shell (answered in the Dingbridge app)');
    expect(approvalOutcome('en', { ...base, decision: 'cancelled', by: 'timeout' }, 270_000)).toContain('Expired: nobody answered the request to use Shell within 270 seconds');
    expect(approvalOutcome('zh-CN', { ...base, decision: 'cancelled', by: 'cancelled' }, 270_000)).toContain('已撤回');
    const settled = settledPrompt('en', pending('npm test'), '✅ Allowed once');
    expect(settled).toContain('npm test');
    expect(settled).not.toContain('/approve');
  });
});
