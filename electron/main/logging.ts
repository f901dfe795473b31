import log from 'electron-log/main';
import type { Logger } from '../core/base/logger.js';

/** The engine's logger, written to a file in the app's log folder (electron-log's default place). */
export function createFileLogger(): Logger {
  log.transports.file.level = 'info';
  log.transports.console.level = process.env.NODE_ENV === 'development' ? 'debug' : 'warn';
  const line = (fields?: Record<string, unknown>) => (fields ? [fields] : []);
  return {
    debug: (message, fields) => log.debug(message, ...line(fields)),
    info: (message, fields) => log.info(message, ...line(fields)),
    warn: (message, fields) => log.warn(message, ...line(fields)),
    error: (message, fields) => log.error(message, ...line(fields)),
  };
}

/** Where the log file is, for a message that sends the user to it; undefined when even that cannot be told. */
export function logFilePath(): string | undefined {
  try {
    return log.transports.file.getFile().path;
  } catch {
    return undefined;
  }
}
