import type { Logger } from '../base/logger.js';
import type { Redactor } from './redactor.js';

/**
 * `logger` with every line redacted like the event log, so a secret an agent prints to stderr, or one inside an
 * error, reaches no log file either. An error becomes its redacted stack: its message is not a field redaction sees.
 */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  const redactField = (value: unknown): unknown => (value instanceof Error ? redactor.redactText(value.stack ?? String(value)) : redactor.redact(value));
  const redacted =
    (write: Logger['info']): Logger['info'] =>
    (message, fields) =>
      write(redactor.redactText(message), fields && Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, redactField(value)])));
  return {
    debug: redacted((message, fields) => logger.debug(message, fields)),
    info: redacted((message, fields) => logger.info(message, fields)),
    warn: redacted((message, fields) => logger.warn(message, fields)),
    error: redacted((message, fields) => logger.error(message, fields)),
  };
}
