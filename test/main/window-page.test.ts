import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../electron/core/base/logger.js';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
const { windowPageUrl } = await import('../../electron/main/window-page.js');
const { APP_PAGE_URL } = await import('../../electron/main/app-scheme.js');

const recordingLogger = () => {
  const warnings: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (message) => void warnings.push(message), error: () => undefined };
  return { logger, warnings };
};

const pageFor = (address: string | undefined) => {
  const { logger, warnings } = recordingLogger();
  return { page: windowPageUrl(address === undefined ? {} : { DINGBRIDGE_DEV_SERVER: address }, logger), warnings };
};

afterEach(() => {
  electron.app.isPackaged = false;
});

describe('the page the window shows', () => {
  it('is the app’s own page unless DINGBRIDGE_DEV_SERVER names one', () => {
    expect(pageFor(undefined)).toEqual({ page: APP_PAGE_URL, warnings: [] });
    expect(pageFor('')).toEqual({ page: APP_PAGE_URL, warnings: [] });
  });

  it('in an unpacked app, is the renderer’s dev server on plain http on this computer', () => {
    for (const address of ['http://localhost:5173', 'http://127.0.0.1:5173/', 'http://[::1]:5173/', 'http://127.0.0.2:8080/index.html']) {
      expect(pageFor(address), address).toEqual({ page: address, warnings: [] });
    }
  });

  it('refuses, and says why, any other address: another machine, https, credentials, or not an address at all', () => {
    for (const address of [
      'https://example.com/',
      'http://example.com:5173/',
      'https://localhost:5173/',
      'http://localhost.evil.example:5173/',
      'http://127.0.0.1.nip.io:5173/',
      'http://user:password@localhost:5173/',
      'http://0.0.0.0:5173/',
      'http://192.168.1.20:5173/',
      'file:///tmp/index.html',
      'javascript:alert(1)',
      'localhost:5173',
      'not an address',
    ]) {
      const { page, warnings } = pageFor(address);
      expect(page, address).toBe(APP_PAGE_URL);
      expect(warnings, address).toEqual([expect.stringMatching(/^DINGBRIDGE_DEV_SERVER is ignored: /)]);
    }
  });

  it('in an installed app, is always the app’s own page', () => {
    electron.app.isPackaged = true;
    const { page, warnings } = pageFor('http://localhost:5173');
    expect(page).toBe(APP_PAGE_URL);
    expect(warnings).toEqual(['DINGBRIDGE_DEV_SERVER is ignored: an installed app always shows its own page']);
  });
});
