import { readFile } from 'node:fs/promises';
import { AppSettingsSchema, type AppSettings } from './app-settings.js';
import { writeFileAtomic } from '../base/atomic-write.js';

/** The window's own preferences (language, theme, start at login). */
export interface SettingsStore {
  get(): AppSettings;
  set(patch: Partial<AppSettings>): Promise<AppSettings>;
}

/** Headless: a JSON file in the data folder. */
export class JsonSettingsStore implements SettingsStore {
  #settings: AppSettings;

  private constructor(
    private readonly file: string,
    settings: AppSettings,
  ) {
    this.#settings = settings;
  }

  static async open(file: string, dataDir: string): Promise<JsonSettingsStore> {
    let stored: unknown = {};
    try {
      stored = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      stored = {};
    }
    const parsed = AppSettingsSchema.safeParse(stored);
    return new JsonSettingsStore(file, { ...(parsed.success ? parsed.data : AppSettingsSchema.parse({})), dataDir });
  }

  get(): AppSettings {
    return { ...this.#settings };
  }

  async set(patch: Partial<AppSettings>): Promise<AppSettings> {
    this.#settings = { ...this.#settings, ...patch, dataDir: this.#settings.dataDir };
    await writeFileAtomic(this.file, JSON.stringify(this.#settings, null, 2));
    return this.get();
  }
}
