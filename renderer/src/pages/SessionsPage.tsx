import { useState } from 'react';
import { useApi, useConnected } from '../hooks/api-context';
import { useAction } from '../hooks/use-action';
import { useLive } from '../hooks/use-live';
import { useMessages } from '../i18n/i18n';
import { ActionButton } from '../components/ActionButton';
import { CopyButton } from '../components/CopyButton';
import { duration } from '../format';
import { useNow } from '../hooks/use-now';
import { OfflineNotice } from '../components/OfflineNotice';
import { ConfirmDialog } from '../components/ConfirmDialog';
import type { SessionView } from '../view-types';

/** The agents' sessions per channel: who, where, working or idle and for how long, with Cancel and Clear. */
export function SessionsPage() {
  const api = useApi();
  const m = useMessages();
  const s = m.sessions;
  const now = useNow();
  const connected = useConnected();
  const offTitle = connected ? undefined : m.offline.actionsOff;
  const sessions = useLive(() => api['sessions.list'](), ['session.changed']);
  const [act, acting] = useAction(async (run: () => Promise<unknown>) => {
    await run();
    sessions.reload();
  });
  const [clearing, setClearing] = useState<SessionView>();
  const list = sessions.data ?? [];
  return (
    <section aria-labelledby="sessions-title">
      <header className="page-header">
        <h1 id="sessions-title">{s.title}</h1>
      </header>
      <OfflineNotice />
      {acting.error ? <p className="error">{acting.error}</p> : null}
      {list.length === 0 ? <p className="empty">{s.empty}</p> : null}
      {list.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>{m.log.columns.channel}</th>
              <th>{s.columns.who}</th>
              <th>{s.columns.conversation}</th>
              <th>{s.columns.state}</th>
              <th>{s.columns.turn}</th>
              <th>{s.columns.queued}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((session) => (
              <tr key={`${session.channel}:${session.key}`}>
                <td>{session.channel}</td>
                <td>{session.senderNick ?? session.senderId ?? m.common.none}</td>
                <td>
                  {session.conversationType === 'group' ? (session.conversationTitle ?? '') : m.common.dm} <CopyButton value={session.conversationId} />
                </td>
                <td>
                  {connected ? (
                    <span className={`pill ${session.busy ? 'warn' : 'ok'}`}>{session.busy ? s.busy : s.idle}</span>
                  ) : (
                    <span className="pill unknown" title={m.offline.notConnected}>
                      {m.offline.unknown}
                    </span>
                  )}
                </td>
                <td>{connected && session.busy && session.runningSince ? duration(now - session.runningSince, m) : m.common.none}</td>
                <td>{session.queued || m.common.none}</td>
                <td className="actions">
                  <ActionButton busy={acting.busy} disabled={!connected || !session.busy} title={offTitle} onClick={() => void act(() => api['sessions.cancel']({ channel: session.channel, key: session.key }))}>
                    {s.cancel}
                  </ActionButton>
                  <ActionButton
                    kind="danger"
                    busy={acting.busy}
                    disabled={!connected}
                    title={offTitle}
                    onClick={() => setClearing(session)}
                  >
                    {s.clear}
                  </ActionButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {clearing ? (
        <ConfirmDialog
          title={s.clearTitle}
          confirmLabel={s.clear}
          cancelLabel={m.common.cancel}
          danger
          onCancel={() => setClearing(undefined)}
          onConfirm={() => {
            setClearing(undefined);
            void act(() => api['sessions.clear']({ channel: clearing.channel, key: clearing.key }));
          }}
        >
          <p>{s.clearDetail}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
