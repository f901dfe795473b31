import { describe, expect, it } from 'vitest';
import { answers, startRuntime } from './runtime-harness.js';
import { until } from '../platform/dingtalk/harness.js';
import type { PendingPermission } from '../../../electron/core/agents/permission-broker.js';

describe('agent permission requests', () => {
  it('auto allows once, and deny refuses', async () => {
    const auto = await startRuntime({ permissions: 'auto' });
    await auto.say('ask: rm -rf build');
    expect(answers(auto)).toEqual(['permission: allow']);
    const deny = await startRuntime({ permissions: 'deny' });
    await deny.say('ask: rm -rf build');
    expect(answers(deny)).toEqual(['permission: deny']);
  });

  it('ask: the app sees the request with what the tool wants, and its answer reaches the agent', async () => {
    const probe = await startRuntime({ permissions: 'ask' });
    const asked: PendingPermission[] = [];
    probe.runtime.on('permissionRequested', (pending) => asked.push(pending));
    const turn = probe.say('ask: npm test');
    await until(() => asked[0], 'the permission request');
    expect(asked[0]).toMatchObject({ title: 'npm test', kind: 'execute', detail: 'npm test', conversationId: 'cid-dm-1', senderId: 'staff-1' });
    expect(probe.runtime.permissions.pending()).toHaveLength(1);
    expect(probe.runtime.answerPermission(asked[0]?.id ?? '', 'allow_once')).toBe(true);
    await turn;
    expect(answers(probe)).toEqual(['permission: allow']);
    expect(probe.runtime.answerPermission(asked[0]?.id ?? '', 'deny')).toBe(false);
  });

  it('ask: "always" lets that exact command through again, even in a fresh session, and tells the agent only "once"', async () => {
    const probe = await startRuntime({ permissions: 'ask' });
    const answered: Array<{ by: string }> = [];
    probe.runtime.on('permissionAnswered', (answer) => answered.push(answer));
    const asked: PendingPermission[] = [];
    probe.runtime.on('permissionRequested', (pending) => {
      asked.push(pending);
      probe.runtime.answerPermission(pending.id, 'allow_always');
    });
    await probe.say('ask: npm test');
    await probe.say('ask: npm test');
    expect(asked).toHaveLength(1);
    // The agent's own "always" could cover more than this one command; Dingbridge remembers it itself.
    expect(answers(probe)).toEqual(['permission: allow', 'permission: allow']);
    expect(answered.map((a) => a.by)).toEqual(['user', 'remembered']);
    await probe.say('/clear');
    await probe.say('ask: npm test');
    expect(asked).toHaveLength(1);
    await probe.say('ask: npm test --watch');
    expect(asked).toHaveLength(2);
  });

  it('chat: the request goes to the channel to ask, and the requester answers with /approve, /always or /deny', async () => {
    const probe = await startRuntime({ permissions: 'chat' });
    const requested: string[] = [];
    probe.runtime.on('permissionRequested', (pending) => requested.push(pending.title));
    const turn = probe.say('ask: git push');
    await until(() => probe.runtime.permissions.pending().length === 1, 'the request');
    // The channel asks it in the chat, with buttons where it can: the runtime itself says nothing.
    expect(requested).toEqual(['git push']);
    expect(probe.replies).toEqual([]);
    await probe.say('/deny');
    await turn;
    expect(probe.replies.map((r) => r.text)).toContain('已拒绝：git push\n\nDenied: git push');
    expect(answers(probe)).toEqual(['permission: deny']);
    await probe.say('/approve');
    expect(probe.replies.at(-1)?.text).toBe('没有等待答复的权限请求。\n\nNo permission request is waiting.');
  });

  it('chat answers are refused when the channel asks in the app', async () => {
    const probe = await startRuntime({ permissions: 'ask' });
    await probe.say('/approve');
    expect(probe.replies.at(-1)?.text).toMatch(/answered in the Dingbridge app/);
  });

  it('refuses an unanswered request after the timeout and tells the user', async () => {
    const probe = await startRuntime({ permissions: 'ask', timeouts: { permissionMs: 200 } });
    const answered: Array<{ by: string; decision: string }> = [];
    probe.runtime.on('permissionAnswered', (answer) => answered.push(answer));
    await probe.say('ask: deploy');
    expect(answers(probe)).toEqual(['permission: cancelled']);
    expect(probe.replies.find((r) => r.kind === 'notice')?.text).toMatch(/Nobody answered the request to use deploy/);
    expect(answered).toEqual([expect.objectContaining({ by: 'timeout', decision: 'cancelled' })]);
    expect(probe.runtime.permissions.pending()).toEqual([]);
  });

  it('withdraws a waiting request when the user cancels the turn', async () => {
    const probe = await startRuntime({ permissions: 'ask' });
    const turn = probe.say('ask: deploy');
    await until(() => probe.runtime.permissions.pending().length === 1, 'the request');
    await probe.say('/cancel');
    expect(await turn).toBe('cancelled');
    await until(() => probe.runtime.permissions.pending().length === 0, 'the request to be withdrawn');
  });
});
