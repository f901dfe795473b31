import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));
vi.mock('electron-store', () => import('./electron-store-mock.js'));
vi.mock('electron-log/main', () => ({ default: { transports: { file: {}, console: {} }, debug() {}, info() {}, warn() {}, error() {} } }));

describe('single instance', () => {
  it('a second launch quits at once (the first one shows its window)', async () => {
    vi.resetModules();
    const electron = (await import('electron')) as unknown as typeof import('./electron-mock.js');
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    electron.app.quit.mockClear();
    electron.app.whenReady.mockClear();
    await import('../../electron/main/index.js');
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('the first launch takes the lock and waits for Electron to be ready', async () => {
    vi.resetModules();
    const electron = (await import('electron')) as unknown as typeof import('./electron-mock.js');
    electron.app.quit.mockClear();
    electron.app.removeAllListeners('second-instance');
    electron.protocol.registerSchemesAsPrivileged.mockClear();
    await import('../../electron/main/index.js');
    expect(electron.app.quit).not.toHaveBeenCalled();
    expect(electron.app.whenReady).toHaveBeenCalled();
    // Before the (never-ready here) app is ready: a second launch during a slow start is not lost, and the
    // window's scheme is privileged before Chromium fixes its scheme list.
    expect(electron.app.listenerCount('second-instance')).toBe(1);
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });
});
