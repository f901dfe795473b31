import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartFile, setLinuxAutostart } from '../../../electron/core/desktop/autostart-linux.js';
import { tempDir } from '../dingtalk/harness.js';

describe('Linux start at login', () => {
  it('writes an XDG autostart entry that starts hidden, and removes it again', async () => {
    const configHome = await tempDir();
    const env = { XDG_CONFIG_HOME: configHome };
    const options = { appId: 'app.dingbridge', name: 'Dingbridge', exec: '/opt/My Apps/Dingbridge.AppImage', env };
    await setLinuxAutostart(true, options);
    const file = join(configHome, 'autostart', 'app.dingbridge.desktop');
    expect(autostartFile('app.dingbridge', env)).toBe(file);
    const entry = await readFile(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/opt/My Apps/Dingbridge.AppImage" --hidden');
    expect(entry).toContain('X-GNOME-Autostart-enabled=true');
    await setLinuxAutostart(false, options);
    await expect(stat(file)).rejects.toThrow();
    await setLinuxAutostart(false, options);
  });

  it('falls back to ~/.config without XDG_CONFIG_HOME', () => {
    expect(autostartFile('x', { HOME: '/home/li' })).toBe('/home/li/.config/autostart/x.desktop');
  });
});
