import { app } from 'electron';
import type { Logger } from '../core/base/logger.js';
import { APP_PAGE_URL } from './app-scheme.js';

/** Hosts that are this computer by definition, as WHATWG URL writes them (`127.1` reads as 127.0.0.1). */
const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/** Why `address` must not be the window's page, if it must not. */
function devServerRefusal(address: string): string | undefined {
  if (app.isPackaged) return 'an installed app always shows its own page';
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'it is not a web address';
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOST.test(url.hostname) || url.username || url.password) {
    return 'only a plain http:// address on this computer (localhost, 127.0.0.1 or [::1]) may be used';
  }
  return undefined;
}

/**
 * The page the window shows, which gets the whole engine API: the app's own, or in an unpacked build (`npm start`)
 * the renderer's dev server named by DINGBRIDGE_DEV_SERVER. Anything else would let an environment variable hand
 * the engine to a page on another machine, or anyone's page on this one through an installed app.
 */
export function windowPageUrl(env: NodeJS.ProcessEnv, logger: Logger): string {
  const devServer = env.DINGBRIDGE_DEV_SERVER;
  if (!devServer) return APP_PAGE_URL;
  const refusal = devServerRefusal(devServer);
  if (refusal === undefined) return devServer;
  logger.warn(`DINGBRIDGE_DEV_SERVER is ignored: ${refusal}`, { address: devServer });
  return APP_PAGE_URL;
}
