import { describe, expect, it, vi } from 'vitest';
import type { ChannelSummary } from '../../electron/core/engine/channel-set.js';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
const { TrayController } = await import('../../electron/main/tray.js');

const channel = (over: Partial<ChannelSummary> = {}): ChannelSummary => ({
  name: 'team',
  enabled: true,
  status: 'running',
  connection: { status: 'connected', since: 0 },
  agent: { status: 'idle' },
  ...over,
});

function controller() {
  const actions = { open: vi.fn(), openApprovals: vi.fn(), setChannelRunning: vi.fn(), setStartAtLogin: vi.fn(), quit: vi.fn() };
  let tray: InstanceType<typeof electron.Tray> | undefined;
  const created = new TrayController({
    resourcesDir: '/res',
    actions,
    createTray: (icon) => (tray = new electron.Tray(icon)) as never,
  });
  return { created, actions, tray: () => tray as InstanceType<typeof electron.Tray> };
}

type Item = { label?: string; click?: (item: { checked: boolean }) => void; submenu?: Item[]; checked?: boolean; enabled?: boolean };

describe('the tray', () => {
  it('shows the icon for the state, a summary tooltip, and a working menu', () => {
    const { created, actions, tray } = controller();
    created.update({ channels: [channel()], pendingApprovals: 2, busySessions: 0, startAtLogin: false, apiCallWarning: 4000, language: 'en' });
    expect((tray().image as { path: string }).path).toBe(process.platform === 'darwin' ? '/res/tray/waitingTemplate.png' : '/res/tray/waiting.png');
    expect(tray().tooltip).toBe('Dingbridge\nteam: connected\n2 waiting for approval');
    const menu = (tray().menu as { template: Item[] }).template;
    expect(menu.map((item) => item.label ?? '—')).toEqual(['Open Dingbridge', '—', 'team: connected', '—', 'Approvals waiting: 2', 'Start at login', '—', 'Quit Dingbridge']);
    menu[0]?.click?.({ checked: false });
    menu[2]?.submenu?.[1]?.click?.({ checked: false });
    menu[4]?.click?.({ checked: false });
    menu[5]?.click?.({ checked: true });
    menu[7]?.click?.({ checked: false });
    expect(actions.open).toHaveBeenCalled();
    expect(actions.setChannelRunning).toHaveBeenCalledWith('team', false);
    expect(actions.openApprovals).toHaveBeenCalled();
    expect(actions.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(actions.quit).toHaveBeenCalled();
    expect(menu[2]?.submenu?.[0]?.enabled).toBe(false);
  });

  it('changes the icon as the state changes', () => {
    const { created, tray } = controller();
    const icon = () => (tray().image as { path: string }).path.replace(/^.*\//, '');
    const suffix = process.platform === 'darwin' ? 'Template.png' : '.png';
    created.update({ channels: [channel()], pendingApprovals: 0, busySessions: 0, startAtLogin: false, apiCallWarning: 4000, language: 'en' });
    expect(icon()).toBe(`connected${suffix}`);
    created.update({ channels: [channel({ connection: { status: 'reconnecting', reason: 'x', attempt: 1, nextAttemptAt: 0 } })], pendingApprovals: 0, busySessions: 0, startAtLogin: false, apiCallWarning: 4000, language: 'en' });
    expect(icon()).toBe(`reconnecting${suffix}`);
    created.update({ channels: [channel({ status: 'failed', reason: 'bad' })], pendingApprovals: 0, busySessions: 0, startAtLogin: false, apiCallWarning: 4000, language: 'en' });
    expect(icon()).toBe(`error${suffix}`);
    created.update({ channels: [channel()], pendingApprovals: 0, busySessions: 1, startAtLogin: false, apiCallWarning: 4000, language: 'en' });
    expect(icon()).toBe(`working${suffix}`);
  });
});
