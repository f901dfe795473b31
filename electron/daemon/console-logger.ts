import type { Logger } from '../core/base/logger.js';

/** Headless logging: warnings and errors always, the rest with --verbose; on stderr, leaving stdout to output. */
export function consoleLogger(verbose: boolean): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    console.error(`[${new Date().toISOString()}] ${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return {
    debug: (message, fields) => verbose && line('debug', message, fields),
    info: (message, fields) => verbose && line('info', message, fields),
    warn: (message, fields) => line('warn', message, fields),
    error: (message, fields) => line('error', message, fields),
  };
}
