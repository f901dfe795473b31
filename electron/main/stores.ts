import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import type { ConfigStore, RawConfig } from '../core/config/config-store.js';
import type { SettingsStore } from '../core/config/app-settings-store.js';
import { AppSettingsSchema, type AppSettings } from '../core/config/app-settings.js';

/** A settings file that exists but cannot be read (damaged JSON, unreadable): start-up names it to the user. */
export class SettingsFileError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SettingsFileError';
  }
}

/**
 * One electron-store file in the app's data folder, readable only by the user (conf's default is 0666 less the
 * umask, which leaves it readable by everyone on the machine).
 */
export function openStore<T extends Record<string, unknown>>(name: string, defaults: T): Store<T> {
  try {
    const store = new Store<T>({ name, defaults, configFileMode: 0o600 });
    restrictToOwner(store.path);
    return store;
  } catch (error) {
    throw new SettingsFileError(join(app.getPath('userData'), `${name}.json`), error);
  }
}

/** Files written by earlier versions were created readable by everyone; new writes are 0600 anyway. */
function restrictToOwner(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Reads from a store, naming its file when it has been damaged since it was opened. */
export function readStore<T extends Record<string, unknown>, K extends keyof T>(store: Store<T>, key: K): T[K] {
  try {
    return store.get(key);
  } catch (error) {
    throw new SettingsFileError(store.path, error);
  }
}

/** The desktop config: the channels, kept by electron-store in the app's userData folder. */
export class ElectronConfigStore implements ConfigStore {
  readonly #store = openStore<{ config: RawConfig }>('config', { config: {} });

  get source(): string {
    return this.#store.path;
  }

  async read(): Promise<RawConfig> {
    return readStore(this.#store, 'config');
  }

  async write(config: RawConfig): Promise<void> {
    this.#store.set('config', config);
  }
}

export class ElectronSettingsStore implements SettingsStore {
  readonly #store = openStore<{ settings: Partial<AppSettings> }>('settings', { settings: {} });

  /** Called after every change: the tray speaks the language the window was just switched to. */
  onChange: (() => void) | undefined;

  constructor(private readonly dataDir: string) {}

  get(): AppSettings {
    const parsed = AppSettingsSchema.safeParse(readStore(this.#store, 'settings'));
    return { ...(parsed.success ? parsed.data : AppSettingsSchema.parse({})), dataDir: this.dataDir };
  }

  async set(patch: Partial<AppSettings>): Promise<AppSettings> {
    const { dataDir: _ignored, ...rest } = { ...this.get(), ...patch };
    this.#store.set('settings', rest);
    this.onChange?.();
    return this.get();
  }
}
