import WebSocket from 'ws';
import { createClient, type Api } from '../contract/client.js';
import { wsLink, type WebSocketLike } from '../contract/ws-link.js';
import { WS_PATH } from '../contract/ws-protocol.js';
import { ContractError } from '../contract/errors.js';
import { readDaemonInfo } from './daemon-file.js';
import { UsageError } from './usage-error.js';
import { permissionCode } from '../core/agents/permission-schema.js';

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

const DECISIONS = { allow: 'allow_once', always: 'allow_always', deny: 'deny' } as const;

/** `dingbridge permissions list|allow|always|deny`: a request is named by the code the chat shows with it. */
export function runPermissions(dataDir: string, args: string[]): Promise<number> {
  const [action, channel, code] = args;
  if (action === 'list') {
    return withDaemon(dataDir, async (api) => {
      const waiting = await api['permissions.list']();
      if (!waiting.length) console.log('No permission requests waiting.');
      for (const request of waiting) {
        const who = request.senderNick ? `  Asked by: ${request.senderNick} (${request.senderId})` : '';
        console.log(`${request.channel}  Code: ${permissionCode(request.id)}  ${request.title}${who}  ${ago(request.createdAt)}`);
        if (request.detail && request.detail !== request.title) console.log(`    ${request.detail.replace(/\n/g, '\n    ')}`);
      }
      return 0;
    });
  }
  if (action !== 'allow' && action !== 'always' && action !== 'deny') {
    throw new UsageError('Use: dingbridge permissions list | allow <channel> <code> | always <channel> <code> | deny <channel> <code>');
  }
  if (!channel || !code) throw new UsageError(`Use: dingbridge permissions ${action} <channel> <code>`);
  return withDaemon(dataDir, async (api) => {
    const request = (await api['permissions.list']()).find((candidate) => candidate.channel === channel && permissionCode(candidate.id) === code.toUpperCase());
    if (!request) {
      console.error(`dingbridge: no permission request with code ${code} waits on channel "${channel}" (it may have been answered or expired); see dingbridge permissions list.`);
      return 1;
    }
    const { ok } = await api['permissions.answer']({ channel, id: request.id, decision: DECISIONS[action], via: 'cli' });
    if (!ok) {
      console.error(`dingbridge: the request with code ${code} was answered elsewhere or expired just now; nothing changed.`);
      return 1;
    }
    const said = { allow: 'Allowed once', always: 'Always allowed (this exact command)', deny: 'Denied' }[action];
    console.log(`${said}: ${request.title} on channel "${channel}".`);
    return 0;
  });
}
