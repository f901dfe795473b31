import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));
vi.mock('electron-store', () => import('./electron-store-mock.js'));

const electron = await import('./electron-mock.js');
const { describeStartupFailure, failStartup } = await import('../../electron/main/startup-failure.js');
const { SettingsFileError } = await import('../../electron/main/stores.js');

describe('a start-up that fails', () => {
  it('names a damaged settings file and says what to do; a damaged secrets file says the AppSecrets must be entered again', () => {
    const config = describeStartupFailure(new SettingsFileError('/data/config.json', new SyntaxError('Unexpected end of JSON input')), undefined);
    expect(config.title).toBe('Dingbridge cannot read its settings');
    expect(config.detail).toContain('/data/config.json');
    expect(config.detail).toContain('Unexpected end of JSON input');
    expect(config.detail).toMatch(/AppSecrets are kept in a separate file/);
    const secrets = describeStartupFailure(new SettingsFileError('/data/secrets.json', new SyntaxError('Unexpected token')), undefined);
    expect(secrets.detail).toMatch(/enter each channel's AppSecret again/);
  });

  it('for anything else gives the message and the log file', () => {
    const failure = describeStartupFailure(new Error('EACCES: permission denied, mkdir'), '/logs/main.log');
    expect(failure).toEqual({
      title: 'Dingbridge could not start',
      detail: 'EACCES: permission denied, mkdir\n\nThe details are in the log file:\n/logs/main.log\n\nStart Dingbridge again; if this keeps happening, report it with the log file.',
    });
  });

  it('shows the dialog and ends the process, so no invisible instance keeps the single-instance lock', () => {
    const showErrorBox = vi.spyOn(electron.dialog, 'showErrorBox');
    electron.app.exit.mockClear();
    failStartup(new Error('boom'), undefined);
    expect(showErrorBox).toHaveBeenCalledWith('Dingbridge could not start', expect.stringContaining('boom'));
    expect(electron.app.exit).toHaveBeenCalledWith(1);
  });
});
