import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
const { launchedAtLogin, setStartAtLogin } = await import('../../electron/main/autostart.js');

afterEach(() => vi.restoreAllMocks());

describe('start at login', () => {
  it('knows a login launch by --hidden on Windows and Linux, and by asking macOS there (login items ignore args)', () => {
    const platform = vi.spyOn(process, 'platform', 'get');
    platform.mockReturnValue('win32');
    expect(launchedAtLogin(['Dingbridge.exe', '--hidden'])).toBe(true);
    expect(launchedAtLogin(['Dingbridge.exe'])).toBe(false);
    platform.mockReturnValue('darwin');
    electron.app.getLoginItemSettings.mockReturnValueOnce({ wasOpenedAtLogin: true });
    expect(launchedAtLogin(['Dingbridge'])).toBe(true);
    electron.app.getLoginItemSettings.mockReturnValueOnce({ wasOpenedAtLogin: false });
    expect(launchedAtLogin(['Dingbridge'])).toBe(false);
  });

  it('registers a login item that starts hidden on macOS and Windows', async () => {
    vi.spyOn(process, 'platform', 'get').mockReturnValue('darwin');
    electron.app.setLoginItemSettings.mockClear();
    await setStartAtLogin(true);
    expect(electron.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
  });
});
