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

  it('saves an AppSecret on Linux without a keyring (basic_text), obscured, and says so', async () => {
    const platform = vi.spyOn(process, 'platform', 'get').mockReturnValue('linux');
    electron.safeStorage.backend = 'basic_text';
    electron.safeStorage.plainTextAllowed = false;
    try {
      const store = new SafeStorageSecretStore();
      await store.set('DINGBRIDGE_SECRET_B', 'no-keyring-secret');
      expect(store.variables()).toMatchObject({ DINGBRIDGE_SECRET_B: 'no-keyring-secret' });
      expect(JSON.stringify(Store.instances.get('secrets'))).not.toContain('no-keyring-secret');
      expect(store.strength).toBe('basic_text');
    } finally {
      platform.mockRestore();
      electron.safeStorage.backend = 'gnome_libsecret';
      electron.safeStorage.plainTextAllowed = false;
      await new SafeStorageSecretStore().delete('DINGBRIDGE_SECRET_B');
    }
  });

  it('a secret that no longer decrypts is reported on its own; the others are still read', async () => {
    const store = new SafeStorageSecretStore();
    await store.set('DINGBRIDGE_SECRET_GOOD', 'good-secret');
    await store.set('DINGBRIDGE_SECRET_BAD', 'bad-secret');
    const stored = (Store.instances.get('secrets') as { secrets: Record<string, string> }).secrets;
    electron.safeStorage.corrupt.add(Buffer.from(stored.DINGBRIDGE_SECRET_BAD!, 'base64').toString());
    try {
      expect(store.variables()).toEqual({ DINGBRIDGE_SECRET_GOOD: 'good-secret' });
      expect(store.unreadable()).toEqual(['DINGBRIDGE_SECRET_BAD']);
    } finally {
      electron.safeStorage.corrupt.clear();
      await store.delete('DINGBRIDGE_SECRET_GOOD');
      await store.delete('DINGBRIDGE_SECRET_BAD');
    }
  });

  it('refuses, with what to do, to store a secret when the keyring is locked; the window words it from its reason', async () => {
    electron.safeStorage.isEncryptionAvailable.mockReturnValueOnce(false);
    const refused = new SafeStorageSecretStore().set('X', 'y');
    await expect(refused).rejects.toThrow(/keyring is locked.*Unlock the keyring and save again/);
    await expect(refused.catch((error: unknown) => error)).resolves.toMatchObject({ reason: { code: 'keyring-locked' } });
  });
});
