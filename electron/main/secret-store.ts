import { safeStorage } from 'electron';
import type { SecretStore, SecretStrength } from '../core/secrets/secret-store.js';
import { openStore, readStore } from './stores.js';
import { ReasonedError } from '../core/base/error-reason.js';

const onLinuxWithoutKeyring = () => process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';

/**
 * AppSecrets encrypted with the operating system's keyring through safeStorage, kept as base64 in an
 * electron-store file. Create it once the app is ready (before that the backend is unknown).
 *
 * On Linux without a keyring (`basic_text`) safeStorage refuses to encrypt unless told that plain-text
 * encryption is acceptable. We accept it deliberately: the secret is then only obscured with a fixed key, in a
 * file inside the user's own data folder, which is no weaker than the headless daemon's 0600 file; the window
 * says so and the docs say how to get a keyring. Refusing would leave such a desktop unable to save a channel.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly #store = openStore<{ secrets: Record<string, string> }>('secrets', { secrets: {} });

  constructor() {
    if (onLinuxWithoutKeyring()) safeStorage.setUsePlainTextEncryption(true);
  }

  get strength(): SecretStrength {
    return onLinuxWithoutKeyring() ? 'basic_text' : 'keyring';
  }

  variables(): Record<string, string> {
    return this.#open().readable;
  }

  unreadable(): string[] {
    return this.#open().unreadable;
  }

  /** Decrypts each secret on its own, so one that no longer decrypts (a keyring reset) fails only its channel. */
  #open(): { readable: Record<string, string>; unreadable: string[] } {
    const readable: Record<string, string> = {};
    const unreadable: string[] = [];
    for (const [name, sealed] of Object.entries(readStore(this.#store, 'secrets'))) {
      try {
        readable[name] = safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        unreadable.push(name);
      }
    }
    return { readable, unreadable };
  }

  async set(name: string, value: string): Promise<void> {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new ReasonedError({ code: 'keyring-locked' });
    }
    this.#store.set('secrets', { ...readStore(this.#store, 'secrets'), [name]: safeStorage.encryptString(value).toString('base64') });
  }

  async delete(name: string): Promise<void> {
    const { [name]: _removed, ...rest } = readStore(this.#store, 'secrets');
    this.#store.set('secrets', rest);
  }
}
