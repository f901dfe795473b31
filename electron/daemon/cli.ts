import { parseArgs } from 'node:util';
import { findDaemonDataDir, resolveDataDir } from './data-dir.js';
import { UsageError } from './usage-error.js';

const USAGE = `Usage:
  dingbridge serve   [--config FILE] [--data-dir DIR] [--port N] [--verbose]
  dingbridge status  [--data-dir DIR]
  dingbridge link    [--data-dir DIR]
  dingbridge pairing list [channel] | approve <channel> <code> | deny <channel> <code>   [--data-dir DIR]
  dingbridge permissions list | allow <channel> <code> | always <channel> <code> | deny <channel> <code>   [--data-dir DIR]
  dingbridge check   --client-id ID [--client-secret SECRET] [--api URL] [--proxy URL]
  dingbridge listen  --client-id ID [--client-secret SECRET] [--robot-code CODE] [--api URL] [--proxy URL] [--echo]

serve    runs Dingbridge without a desktop: the window is served on 127.0.0.1 (the address is printed).
status   shows the channels of the running daemon; pairing lists and answers pairing requests.
permissions lists the agents' permission requests and answers one by its code (the one the chat shows).
link     prints a new link to the running daemon's window: each opens it once, and expires if unused.
check    asks DingTalk whether an AppKey/AppSecret work and Stream Mode is available.
listen   connects one bot and prints every message with its conversationId and sender staffId.

The data folder is --data-dir, else $DINGBRIDGE_HOME, else ~/.dingbridge; the config defaults to config.json in it.
status, link, pairing and permissions find a daemon started with another --data-dir by themselves when it is the only one running.
AppSecrets can be given as DINGTALK_CLIENT_SECRET, or as "$NAME" references in the config.
check and listen go through HTTPS_PROXY / HTTP_PROXY (NO_PROXY honoured), or --proxy http://[user:password@]host:port ("" for none).`;

const OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'robot-code': { type: 'string' },
  api: { type: 'string' },
  proxy: { type: 'string' },
  echo: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The running daemon's folder; when it was found rather than told, says which, so the answer is never a mystery. */
async function daemonDataDir(flag: string | undefined): Promise<string> {
  const { dataDir, discovered } = await findDaemonDataDir(flag);
  if (discovered) console.log(`(the daemon running with --data-dir ${dataDir})`);
  return dataDir;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    // Each command loads only what it needs: `status` must answer at once, without loading the engine.
    case 'serve':
      return (await import('./command-serve.js')).runServe(values, resolveDataDir(values['data-dir']));
    case 'status':
      return (await import('./command-remote.js')).runStatus(await daemonDataDir(values['data-dir']));
    case 'pairing':
      return (await import('./command-remote.js')).runPairing(await daemonDataDir(values['data-dir']), rest);
    case 'permissions':
      return (await import('./command-remote.js')).runPermissions(await daemonDataDir(values['data-dir']), rest);
    case 'link':
      return (await import('./command-link.js')).runLink(await daemonDataDir(values['data-dir']));
    case 'check':
      return (await import('./command-bot.js')).runCheck(values);
    case 'listen':
      return (await import('./command-bot.js')).runListen(values, resolveDataDir(values['data-dir']));
    default:
      throw new UsageError(`Unknown command "${command}". Commands: serve, status, link, pairing, permissions, check, listen.`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`dingbridge: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
