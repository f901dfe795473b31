import { useEffect, useState } from 'react';
import type { ChannelView } from '../view-types';
import { useMessages } from '../i18n/i18n';
import { useConnected } from '../hooks/api-context';
import { channelReason, connectionReason } from '../i18n/engine-words';

/**
 * A channel's live state in a word and a colour: connected, reconnecting in N s (with why), failed (with why);
 * unknown while the daemon is out of reach, since the last state it sent may no longer be true.
 */
export function StatusPill({ channel }: { channel: ChannelView }) {
  const m = useMessages();
  const connected = useConnected();
  const [now, setNow] = useState(() => Date.now());
  const connection = channel.connection;
  useEffect(() => {
    if (connection.status !== 'reconnecting') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [connection.status]);
  if (!connected) {
    return (
      <span className="pill unknown" title={m.offline.notConnected}>
        {m.offline.unknown}
      </span>
    );
  }
  if (channel.status === 'failed') {
    return <span className="pill failed" title={channelReason(channel, m)}>{m.status.failed}</span>;
  }
  if (channel.status === 'stopped') return <span className="pill stopped">{m.status.stopped}</span>;
  switch (connection.status) {
    case 'connected':
      return <span className="pill ok">{m.status.connected}</span>;
    case 'reconnecting':
      return (
        <span className="pill warn" title={connectionReason(connection.reason, connection.problem, m)}>
          {m.status.reconnectingIn(Math.max(0, Math.ceil((connection.nextAttemptAt - now) / 1000)))}
        </span>
      );
    case 'failed':
      return <span className="pill failed" title={connectionReason(connection.reason, connection.problem, m)}>{m.status.failed}</span>;
    default:
      return <span className="pill warn">{m.status.connecting}</span>;
  }
}
