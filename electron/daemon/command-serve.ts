import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/config/config-errors.js';
import { serve } from './serve.js';
import { consoleLogger } from './console-logger.js';
import { logUnexpectedErrors } from './last-resort.js';
import { UsageError } from './usage-error.js';
import { waitForStopSignal } from './stop-signal.js';
import { resolveDataDir } from './data-dir.js';
import { LOGIN_LINK_LIFETIME_MS } from './window-login.js';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
/** The agents' file tool, run with the Node that runs the daemon. */
const FILES_TOOL = fileURLToPath(new URL('../../dist/mcp/send-files.js', import.meta.url));

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
    const filesTool = existsSync(FILES_TOOL) ? { command: process.execPath, args: [FILES_TOOL] } : undefined;
    daemon = await serve({ dataDir, configFile: flags.config, port, rendererDir: RENDERER_DIR, logger, ...(filesTool ? { filesTool } : {}) });
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
  console.log(`UI: ${daemon.windowLink()}`);
  // The link works once: a browser opened later, or elsewhere, needs a new one, so say how to get it.
  const again = `dingbridge link${dataDir === resolveDataDir(undefined) ? '' : ` --data-dir ${dataDir}`}`;
  console.log(`The link opens the window once, within ${LOGIN_LINK_LIFETIME_MS / 60_000} minutes; for another, run: ${again}`);
  await waitForStopSignal();
  console.log('Stopping…');
  await daemon.stop();
  return 0;
}
