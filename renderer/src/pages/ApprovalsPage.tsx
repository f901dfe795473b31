import { useState } from 'react';
import { permissionCode } from '../../../electron/contract/window-shared';
import type { InvokeInput } from '../../../electron/contract/contract';
import { useNow } from '../hooks/use-now';
import { useApi, useConnected } from '../hooks/api-context';
import { useAction } from '../hooks/use-action';
import { useLive } from '../hooks/use-live';
import { useMessages } from '../i18n/i18n';
import { ActionButton } from '../components/ActionButton';
import { DataTable } from '../components/DataTable';
import { CopyButton } from '../components/CopyButton';
import { OfflineNotice } from '../components/OfflineNotice';
import { dateTime, duration } from '../format';
import type { PermissionView } from '../view-types';
import { CommandText } from './approvals/CommandText';
import { titleBesides } from './approvals/asked-title';
import { RecentlyAnswered } from './approvals/RecentlyAnswered';
import { RememberedApprovals } from './approvals/RememberedApprovals';
import { RefusedPairings } from './approvals/RefusedPairings';

/** What waits on the user: pairing requests, approved people, the agents' permission requests and the commands remembered from them. */
export function ApprovalsPage() {
  const api = useApi();
  const m = useMessages();
  const a = m.approvals;
  const now = useNow();
  // A request may have been answered or have expired while the daemon was away: answering now would only fail.
  const connected = useConnected();
  const off = { disabled: !connected, title: connected ? undefined : m.offline.actionsOff };
  const pairing = useLive(() => api['pairing.list'](), ['pairing.changed']);
  const permissions = useLive(() => api['permissions.list'](), ['permission.requested', 'permission.answered']);
  const [decide, deciding] = useAction(async (run: () => Promise<unknown>) => {
    await run();
    pairing.reload();
    permissions.reload();
  });
  // The first answer counts, wherever it comes from: one given here a moment too late changes nothing, and is told so.
  const [answeredElsewhere, setAnsweredElsewhere] = useState(false);
  const answer = (ask: PermissionView, decision: InvokeInput<'permissions.answer'>['decision']) =>
    void decide(async () => {
      setAnsweredElsewhere(false);
      const { ok } = await api['permissions.answer']({ channel: ask.channel, id: ask.id, decision });
      setAnsweredElsewhere(!ok);
    });
  const pending = pairing.data?.pending ?? [];
  const approved = pairing.data?.approved ?? [];
  const asks = permissions.data ?? [];

  return (
    <section aria-labelledby="approvals-title">
      <header className="page-header">
        <h1 id="approvals-title">{a.title}</h1>
      </header>
      <OfflineNotice />
      {deciding.error ? (
        <p className="error" role="alert">
          {deciding.error}
        </p>
      ) : null}

      <h2>{a.permissions}</h2>
      {answeredElsewhere ? (
        <p className="warning" role="status">
          {a.answeredElsewhere}
        </p>
      ) : null}
      {asks.length === 0 ? <p className="empty">{a.permissionsEmpty}</p> : null}
      <ul className="cards">
        {asks.map((ask) => {
          const code = permissionCode(ask.id);
          return (
            <li key={ask.id} className="panel ask" aria-label={`${ask.channel}: ${ask.title}`}>
              <p>
                <strong>{titleBesides(ask.title, ask.detail) ?? a.commandLabel}</strong> <span className="muted">· {ask.channel} ·</span>{' '}
                <span className="ask-code" title={a.codeTitle(ask.channel, code)}>
                  {a.code} <CopyButton value={code} />
                </span>
              </p>
              {ask.detail ? <CommandText text={ask.detail} label={a.commandLabel} /> : null}
              <p className="muted">
                {ask.senderNick ? `${ask.senderNick} · ` : ask.senderId ? `${ask.senderId} · ` : ''}
                {a.ago(duration(now - ask.createdAt, m))} · {a.columns.expires} {a.inTime(duration(ask.expiresAt - now, m))}
              </p>
              <div className="actions">
                <ActionButton kind="primary" busy={deciding.busy} {...off} onClick={() => answer(ask, 'allow_once')}>
                  {a.allowOnce}
                </ActionButton>
                <ActionButton busy={deciding.busy} {...off} title={off.title ?? a.alwaysTitle} onClick={() => answer(ask, 'allow_always')}>
                  {a.always}
                </ActionButton>
                <ActionButton kind="danger" busy={deciding.busy} {...off} onClick={() => answer(ask, 'deny')}>
                  {a.deny}
                </ActionButton>
              </div>
            </li>
          );
        })}
      </ul>

      <RecentlyAnswered />

      <RememberedApprovals />

      <h2>{a.pairing}</h2>
      {pending.length === 0 ? <p className="empty">{a.pairingEmpty}</p> : null}
      {pending.length ? (
        <DataTable columns={[a.columns.code, a.columns.who, a.columns.channel, a.columns.conversation, a.columns.age, a.columns.expires, '']}>
              {pending.map((request) => (
                <tr key={`${request.channel}:${request.code}`}>
                  <td>
                    <code className="code">{request.code}</code>
                  </td>
                  <td>
                    {request.nick} <CopyButton value={request.staffId} />
                  </td>
                  <td>{request.channel}</td>
                  <td>
                    {request.conversationType === 'dm' ? m.common.dm : ''} <CopyButton value={request.conversationId} />
                  </td>
                  <td>{a.ago(duration(now - request.createdAt, m))}</td>
                  <td>{a.inTime(duration(request.expiresAt - now, m))}</td>
                  <td className="actions">
                    <ActionButton kind="primary" busy={deciding.busy} {...off} onClick={() => void decide(() => api['pairing.approve']({ channel: request.channel, code: request.code }))}>
                      {a.approve}
                    </ActionButton>
                    <ActionButton kind="danger" busy={deciding.busy} {...off} onClick={() => void decide(() => api['pairing.deny']({ channel: request.channel, code: request.code }))}>
                      {a.deny}
                    </ActionButton>
                  </td>
                </tr>
              ))}
        </DataTable>
      ) : null}
      <RefusedPairings refused={pairing.data?.refused ?? []} busy={deciding.busy} decide={(run) => void decide(run)} />

      <h2>{a.approved}</h2>
      {approved.length === 0 ? <p className="empty">{a.approvedEmpty}</p> : null}
      {approved.length ? (
        <DataTable label={a.approved} columns={[a.columns.who, a.columns.channel, a.columns.approvedAt, '']}>
              {approved.map((user) => (
                <tr key={`${user.channel}:${user.staffId}`}>
                  <td>
                    {user.nick} <CopyButton value={user.staffId} />
                  </td>
                  <td>{user.channel}</td>
                  <td className="nowrap">{dateTime(user.approvedAt, m)}</td>
                  <td className="actions">
                    <ActionButton busy={deciding.busy} {...off} onClick={() => void decide(() => api['pairing.revoke']({ channel: user.channel, staffId: user.staffId }))}>
                      {a.revoke}
                    </ActionButton>
                  </td>
                </tr>
              ))}
        </DataTable>
      ) : null}
    </section>
  );
}

