import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { SecretStore, SecretStrength } from '../core/secrets/secret-store.js';

/**
 * AppSecrets encrypted with the operating system's keyring through safeStorage, kept as base64 in an
 * electron-store file. On Linux without a keyring safeStorage falls back to a fixed key (`basic_text`):
 * still stored, but the window warns that it is only obscured.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly #store = new Store<{ secrets: Record<string, string> }>({ name: 'secrets', defaults: { secrets: {} } });

  get strength(): SecretStrength {
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text';
    return 'keyring';
  }

  variables(): Record<string, string> {
    const sealed = this.#store.get('secrets');
    return Object.fromEntries(Object.entries(sealed).map(([name, value]) => [name, safeStorage.decryptString(Buffer.from(value, 'base64'))]));
  }

  async set(name: string, value: string): Promise<void> {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('The system cannot encrypt secrets right now, so the AppSecret was not saved.');
    this.#store.set('secrets', { ...this.#store.get('secrets'), [name]: safeStorage.encryptString(value).toString('base64') });
  }

  async delete(name: string): Promise<void> {
    const { [name]: _removed, ...rest } = this.#store.get('secrets');
    this.#store.set('secrets', rest);
  }
}
