import WebSocket from 'ws';
import { createClient, type Api } from '../contract/client.js';
import { wsLink, type WebSocketLike } from '../contract/ws-link.js';
import { WS_PATH } from '../contract/ws-protocol.js';
import { ContractError } from '../contract/errors.js';
import { readDaemonInfo } from './daemon-file.js';
import { UsageError } from './usage-error.js';

/** Runs `work` against the daemon of `dataDir`, or says clearly that none is running. */
async function withDaemon(dataDir: string, work: (api: Api) => Promise<number>): Promise<number> {
  const found = await readDaemonInfo(dataDir);
  if (!found.ok) {
    console.error(`dingbridge: ${found.reason}`);
    return 1;
  }
  const link = wsLink(`ws://127.0.0.1:${found.info.port}${WS_PATH}?token=${found.info.token}`, (url) => new WebSocket(url) as unknown as WebSocketLike);
  try {
    return await work(createClient(link));
  } catch (error) {
    if (error instanceof ContractError) {
      console.error(`dingbridge: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    link.close();
  }
}

const ago = (at: number) => {
  const minutes = Math.round((Date.now() - at) / 60_000);
  return minutes < 1 ? 'just now' : `${minutes} min ago`;
};

/** `dingbridge status`: each channel, its connection and agent, and what waits for approval. */
export function runStatus(dataDir: string): Promise<number> {
  return withDaemon(dataDir, async (api) => {
    const [channels, pairing, permissions] = await Promise.all([api['channels.list'](), api['pairing.list'](), api['permissions.list']()]);
    if (!channels.length) console.log('No channels yet: add one in the window.');
    for (const channel of channels) {
      const connection =
        channel.type === 'simulator'
          ? 'simulated (the built-in simulator, not DingTalk)'
          : `DingTalk ${channel.connection.status === 'reconnecting' ? `reconnecting (${channel.connection.reason})` : channel.connection.status}`;
      console.log(`${channel.name}: ${channel.status}${channel.reason ? ` — ${channel.reason}` : ''}; ${connection}; agent ${channel.agent.status}`);
    }
    console.log(`Waiting for approval: ${pairing.pending.length} pairing request(s), ${permissions.length} permission request(s).`);
    return 0;
  });
}

/** `dingbridge pairing list|approve|deny`. */
export function runPairing(dataDir: string, args: string[]): Promise<number> {
  const [action, channel, code] = args;
  if (action === 'list') {
    return withDaemon(dataDir, async (api) => {
      const { pending, refused } = await api['pairing.list'](channel ? { channel } : undefined);
      if (!pending.length) console.log(channel ? `No pending pairing requests for "${channel}".` : 'No pending pairing requests.');
      for (const request of pending) {
        console.log(`${request.channel}  Code: ${request.code}  Sender: ${request.nick} (${request.staffId})  ${ago(request.createdAt)}`);
      }
      for (const entry of refused) {
        const why = entry.limit === 'conversation' ? 'too many waiting from its group' : 'too many waiting';
        console.log(`${entry.channel}  Refused (${why}): ${entry.nick} (${entry.staffId})  ${entry.count} message(s), the last ${ago(entry.lastAt)}`);
      }
      return 0;
    });
  }
  if (action !== 'approve' && action !== 'deny') throw new UsageError('Use: dingbridge pairing list [channel] | approve <channel> <code> | deny <channel> <code>');
  if (!channel || !code) throw new UsageError(`Use: dingbridge pairing ${action} <channel> <code>`);
  return withDaemon(dataDir, async (api) => {
    const request = await api[action === 'approve' ? 'pairing.approve' : 'pairing.deny']({ channel, code });
    console.log(action === 'approve' ? `Approved: ${request.nick} (${request.staffId}) can now use channel "${channel}".` : `Denied: ${request.nick} (${request.staffId}) on channel "${channel}".`);
    return 0;
  });
}
