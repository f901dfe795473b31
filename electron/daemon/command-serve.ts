import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/config/config-errors.js';
import { serve } from './serve.js';
import { consoleLogger } from './console-logger.js';
import { logUnexpectedErrors } from './last-resort.js';
import { UsageError } from './usage-error.js';
import { waitForStopSignal } from './stop-signal.js';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface ServeFlags {
  config?: string;
  port?: string;
  verbose?: boolean;
}

/** `dingbridge serve`: runs until SIGINT/SIGTERM, printing where the window is. */
export async function runServe(flags: ServeFlags, dataDir: string): Promise<number> {
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number from 0 to 65535 (got "${flags.port}").`);
  const logger = consoleLogger(flags.verbose ?? false);
  logUnexpectedErrors(logger);
  let daemon;
  try {
    daemon = await serve({ dataDir, configFile: flags.config, port, rendererDir: RENDERER_DIR, logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`dingbridge: ${error.message}\nFix the settings and start again.`);
      return 1;
    }
    throw error;
  }
  if (daemon.createdConfig) console.log(`Created ${daemon.createdConfig} with no channels: add one in the window, or in the file.`);
  const channels = daemon.engine.service.channels();
  console.log(`Dingbridge is running with ${channels.length} channel${channels.length === 1 ? '' : 's'} (data: ${dataDir}).`);
  console.log(`UI: ${daemon.url}`);
  await waitForStopSignal();
  console.log('Stopping…');
  await daemon.stop();
  return 0;
}
