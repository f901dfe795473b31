import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
const { ApprovalNotifier } = await import('../../electron/main/notifications.js');

describe('approval notifications', () => {
  it('announces each new pairing request once and a permission request, opening the approvals page on click', () => {
    electron.Notification.shown.length = 0;
    const open = vi.fn();
    const notifier = new ApprovalNotifier(open);
    const request = { channel: 'team', code: 'ABCD2345', staffId: 's1', nick: '小李', conversationId: 'c', conversationType: 'dm' as const, createdAt: 0, expiresAt: 1 };
    notifier.pairingRequests([request]);
    notifier.pairingRequests([request]);
    notifier.permission({ channel: 'team', id: 'p', sessionKey: 'k', sessionId: 's', conversationId: 'c', title: 'npm test', detail: 'npm test', createdAt: 0, expiresAt: 1 });
    expect(electron.Notification.shown.map((n) => n.options)).toEqual([
      { title: 'New pairing request', body: '小李 (s1) wants to use team. Code ABCD2345.' },
      { title: 'The agent asks for permission', body: 'team: npm test — npm test' },
    ]);
    electron.Notification.shown[0]?.emit('click');
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('keeps each notification alive until it is clicked or closed, so a late click still opens the approvals', () => {
    electron.Notification.shown.length = 0;
    const open = vi.fn();
    const notifier = new ApprovalNotifier(open);
    const permission = (id: string) => ({ channel: 'team', id, sessionKey: 'k', sessionId: 's', conversationId: 'c', title: 'npm test', createdAt: 0, expiresAt: 1 });
    notifier.permission(permission('a'));
    notifier.permission(permission('b'));
    notifier.permission(permission('c'));
    expect(notifier.showing).toBe(3);
    electron.Notification.shown[0]?.emit('click');
    electron.Notification.shown[1]?.emit('close');
    electron.Notification.shown[2]?.emit('failed', 'no notification daemon');
    expect(notifier.showing).toBe(0);
    expect(open).toHaveBeenCalledTimes(1);
  });
});
