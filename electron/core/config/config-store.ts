import { readFile } from 'node:fs/promises';
import JSON5 from 'json5';
import { writeFileAtomic } from '../atomic-write.js';
import { ConfigError } from './config-errors.js';

/** The config as written: `env` and `channels`, before validation and substitution. */
export interface RawConfig {
  env?: Record<string, unknown>;
  channels?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Where the config lives: a JSON file headless, electron-store on the desktop. */
export interface ConfigStore {
  /** Named in errors. */
  readonly source: string;
  read(): Promise<RawConfig>;
  write(config: RawConfig): Promise<void>;
}

/** A JSON (or JSON5) file; a missing file is an empty config, written on the first save. */
export class JsonFileConfigStore implements ConfigStore {
  constructor(readonly source: string) {}

  async read(): Promise<RawConfig> {
    let text: string;
    try {
      text = await readFile(this.source, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new ConfigError([{ path: '(file)', message: `cannot be read: ${String(error)}` }], this.source);
    }
    try {
      const raw = JSON5.parse(text) as unknown;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new ConfigError([{ path: '(file)', message: 'must be an object with a "channels" entry' }], this.source);
      }
      return raw as RawConfig;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const detail = error instanceof Error ? error.message.replace(/^JSON5: /, '') : String(error);
      throw new ConfigError([{ path: '(file)', message: `is not valid JSON: ${detail}` }], this.source);
    }
  }

  async write(config: RawConfig): Promise<void> {
    await writeFileAtomic(this.source, `${JSON.stringify(config, null, 2)}\n`, 0o600);
  }
}
