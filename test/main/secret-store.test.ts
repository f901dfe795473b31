import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.js'));
vi.mock('electron-store', () => import('./electron-store-mock.js'));

const electron = await import('./electron-mock.js');
const { SafeStorageSecretStore } = await import('../../electron/main/secret-store.js');
const Store = (await import('./electron-store-mock.js')).default;

describe('AppSecrets in safeStorage', () => {
  it('stores only ciphertext and gives the secret back', async () => {
    const store = new SafeStorageSecretStore();
    await store.set('DINGBRIDGE_SECRET_A', 'the-app-secret-1234');
    expect(store.variables()).toEqual({ DINGBRIDGE_SECRET_A: 'the-app-secret-1234' });
    const onDisk = JSON.stringify(Store.instances.get('secrets'));
    expect(onDisk).not.toContain('the-app-secret-1234');
    await store.delete('DINGBRIDGE_SECRET_A');
    expect(store.variables()).toEqual({});
  });

  it('reports a keyring, or the basic_text fallback on Linux so the window can warn', () => {
    const store = new SafeStorageSecretStore();
    const platform = vi.spyOn(process, 'platform', 'get');
    try {
      platform.mockReturnValue('linux');
      electron.safeStorage.backend = 'gnome_libsecret';
      expect(store.strength).toBe('keyring');
      electron.safeStorage.backend = 'basic_text';
      expect(store.strength).toBe('basic_text');
      platform.mockReturnValue('darwin');
      expect(store.strength).toBe('keyring');
    } finally {
      platform.mockRestore();
      electron.safeStorage.backend = 'gnome_libsecret';
    }
  });

  it('refuses to store a secret it cannot encrypt', async () => {
    electron.safeStorage.isEncryptionAvailable.mockReturnValueOnce(false);
    await expect(new SafeStorageSecretStore().set('X', 'y')).rejects.toThrow(/cannot encrypt secrets right now/);
  });
});
