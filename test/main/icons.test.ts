import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trayIconPath } from '../../electron/main/icons.js';
import type { TrayState } from '../../electron/core/desktop/tray-model.js';

const resources = fileURLToPath(new URL('../../resources', import.meta.url));
const STATES: TrayState[] = ['idle', 'connected', 'reconnecting', 'error', 'working', 'waiting'];
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('tray icons', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('exist as PNGs for every state on %s', async (platform) => {
    for (const state of STATES) {
      const path = trayIconPath(resources, state, platform);
      const bytes = await readFile(path);
      expect(bytes.subarray(0, 8)).toEqual(PNG);
      if (platform === 'darwin') {
        expect(path.endsWith(`${state}Template.png`)).toBe(true);
        await expect(readFile(path.replace('Template.png', 'Template@2x.png'))).resolves.toBeTruthy();
      }
    }
  });
});
