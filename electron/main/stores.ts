import Store from 'electron-store';
import type { ConfigStore, RawConfig } from '../core/config/config-store.js';
import type { AppSettings, SettingsStore } from '../core/api/settings-store.js';
import { AppSettingsSchema } from '../contract/views.js';

/** The desktop config: the channels, kept by electron-store in the app's userData folder. */
export class ElectronConfigStore implements ConfigStore {
  readonly #store = new Store<{ config: RawConfig }>({ name: 'config', defaults: { config: {} } });

  get source(): string {
    return this.#store.path;
  }

  async read(): Promise<RawConfig> {
    return this.#store.get('config');
  }

  async write(config: RawConfig): Promise<void> {
    this.#store.set('config', config);
  }
}

export class ElectronSettingsStore implements SettingsStore {
  readonly #store = new Store<{ settings: Partial<AppSettings> }>({ name: 'settings', defaults: { settings: {} } });

  constructor(private readonly dataDir: string) {}

  get(): AppSettings {
    const parsed = AppSettingsSchema.safeParse(this.#store.get('settings'));
    return { ...(parsed.success ? parsed.data : AppSettingsSchema.parse({})), dataDir: this.dataDir };
  }

  async set(patch: Partial<AppSettings>): Promise<AppSettings> {
    const { dataDir: _ignored, ...rest } = { ...this.get(), ...patch };
    this.#store.set('settings', rest);
    return this.get();
  }
}
