import { readDaemonInfo } from './daemon-file.js';
import { LOGIN_LINK_PATH, LoginLinkSchema } from './login-link.js';

/** `dingbridge link`: asks the running daemon for a new link that opens its window once, and prints it. */
export async function runLink(dataDir: string): Promise<number> {
  const found = await readDaemonInfo(dataDir);
  if (!found.ok) {
    console.error(`dingbridge: ${found.reason}`);
    return 1;
  }
  const { port, token } = found.info;
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${port}${LOGIN_LINK_PATH}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    console.error(`dingbridge: cannot reach the daemon on 127.0.0.1:${port}: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`);
    return 1;
  }
  const link = response.ok ? LoginLinkSchema.safeParse(await response.json().catch(() => undefined)) : undefined;
  if (!link?.success) {
    // A daemon from before `link` existed answers 405: only a restart gives it the new way in.
    console.error(`dingbridge: the daemon on 127.0.0.1:${port} gave no link (HTTP ${response.status}). Restart it with: dingbridge serve --data-dir ${dataDir}`);
    return 1;
  }
  console.log(`UI: ${link.data.url}`);
  console.log(`It opens the window once, within ${Math.round((link.data.expiresAt - Date.now()) / 60_000)} minutes.`);
  return 0;
}
