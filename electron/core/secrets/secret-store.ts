import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../base/atomic-write.js';

/** How secrets are protected at rest; `basic_text` is Linux's keyring-less fallback with a fixed key. */
export type SecretStrength = 'keyring' | 'basic_text' | 'file';

/**
 * Where AppSecrets and `agent.env` values saved from the window are kept, by variable name: the config refers to
 * them as `$NAME`, so the config file itself never holds a secret.
 */
export interface SecretStore {
  readonly strength: SecretStrength;
  /** Every secret that can be read, as a variable for `$NAME` substitution. */
  variables(): Record<string, string>;
  /**
   * Secrets that are stored but can no longer be read (a keyring that was reset or replaced): their channels are
   * shown as needing the AppSecret again, while every other channel runs.
   */
  unreadable(): string[];
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Headless: secrets in a JSON file only its owner can read (mode 0600). */
export class FileSecretStore implements SecretStore {
  readonly strength = 'file' as const;
  #values: Record<string, string> = {};

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<FileSecretStore> {
    const store = new FileSecretStore(file);
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object') {
        for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') store.#values[name] = value;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`The secrets file ${file} cannot be read: ${String(error)}`);
    }
    return store;
  }

  variables(): Record<string, string> {
    return { ...this.#values };
  }

  unreadable(): string[] {
    return [];
  }

  async set(name: string, value: string): Promise<void> {
    this.#values[name] = value;
    await writeFileAtomic(this.file, JSON.stringify(this.#values, null, 2), 0o600);
  }

  async delete(name: string): Promise<void> {
    delete this.#values[name];
    await writeFileAtomic(this.file, JSON.stringify(this.#values, null, 2), 0o600);
  }
}
