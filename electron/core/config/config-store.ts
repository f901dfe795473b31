import { readFile } from 'node:fs/promises';
import JSON5 from 'json5';
import { writeFileAtomic } from '../base/atomic-write.js';
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

/** Config text (JSON with comments and trailing commas allowed) as an object, or every reason it is not one. */
export function parseConfigText(text: string, source: string): RawConfig {
  let raw: unknown;
  try {
    raw = JSON5.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^JSON5: /, '') : String(error);
    throw new ConfigError([{ path: '(file)', message: `is not valid JSON: ${detail}` }], source);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([{ path: '(file)', message: 'must be an object with a "channels" entry' }], source);
  }
  return raw as RawConfig;
}

/** A JSON (or JSON5) file; a missing file is an empty config written on the first save, unless it must exist. */
export class JsonFileConfigStore implements ConfigStore {
  constructor(
    readonly source: string,
    private readonly mustExist = false,
  ) {}

  async read(): Promise<RawConfig> {
    let text: string;
    try {
      text = await readFile(this.source, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !this.mustExist) return {};
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read: ${String(error)}`;
      throw new ConfigError([{ path: '(file)', message: why }], this.source);
    }
    return parseConfigText(text, this.source);
  }

  async write(config: RawConfig): Promise<void> {
    await writeFileAtomic(this.source, `${JSON.stringify(config, null, 2)}\n`, 0o600);
  }
}
