import type { Logger } from '../core/base/logger.js';

const described = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/**
 * The daemon's last line of defence: an error that nothing else caught is logged and the daemon keeps serving.
 * Any web page can send requests to its port, so a mistake in handling one must cost that request, not every
 * channel and the replies they owe.
 */
export function logUnexpectedErrors(logger: Logger): void {
  process.on('uncaughtException', (error) => logger.error('Unexpected error; Dingbridge keeps running', { error: described(error) }));
  process.on('unhandledRejection', (reason) => logger.error('Unexpected failure nothing waited for; Dingbridge keeps running', { error: described(reason) }));
}
