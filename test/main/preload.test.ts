import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));

const electron = await import('./electron-mock.js');
await import('../../electron/preload/index.js');
const { INVOKE_NAMES } = await import('../../electron/contract/contract.js');
const { INVOKE_CHANNEL } = await import('../../electron/contract/ipc-channels.js');

describe('the preload', () => {
  const exposed = electron.contextBridge.exposed.dingbridge as Record<string, (...args: unknown[]) => unknown>;

  it('exposes exactly the contract as window.dingbridge, and nothing else', () => {
    expect(Object.keys(electron.contextBridge.exposed)).toEqual(['dingbridge']);
    expect(Object.keys(exposed).sort()).toEqual([...INVOKE_NAMES, 'on'].sort());
    expect(Object.values(exposed).every((value) => typeof value === 'function')).toBe(true);
    expect(exposed).not.toHaveProperty('ipcRenderer');
    expect(exposed).not.toHaveProperty('invoke');
  });

  it('invokes through the one IPC channel and delivers only the events asked for', async () => {
    await exposed['pairing.approve']?.({ channel: 'team', code: 'ABCD2345' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'pairing.approve', { channel: 'team', code: 'ABCD2345' });
    const seen: unknown[] = [];
    const stop = exposed.on?.('pairing.changed', (payload: unknown) => seen.push(payload)) as () => void;
    electron.ipcRenderer.emit('pairing.changed', { channel: 'team' });
    electron.ipcRenderer.emit('log.appended', { kind: 'x' });
    stop();
    electron.ipcRenderer.emit('pairing.changed', { channel: 'later' });
    expect(seen).toEqual([{ channel: 'team' }]);
    expect(() => exposed.on?.('shell.exec', () => undefined)).toThrow('There is no event "shell.exec".');
  });
});
