import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../electron/core/base/logger.js';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
const { reconnectOnResume } = await import('../../electron/main/power.js');

describe('waking from sleep on the desktop', () => {
  it('tells the engine the machine woke each time the operating system resumes, until stopped', () => {
    const channels = { woke: vi.fn() };
    const stop = reconnectOnResume(channels, silentLogger);
    electron.powerMonitor.emit('suspend');
    expect(channels.woke).not.toHaveBeenCalled();
    electron.powerMonitor.emit('resume');
    electron.powerMonitor.emit('resume');
    expect(channels.woke).toHaveBeenCalledTimes(2);
    stop();
    electron.powerMonitor.emit('resume');
    expect(channels.woke).toHaveBeenCalledTimes(2);
    expect(electron.powerMonitor.listenerCount('resume')).toBe(0);
  });
});
