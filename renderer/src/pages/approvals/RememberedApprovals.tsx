import { useApi, useConnected } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useLive } from '../../hooks/use-live';
import { useMessages } from '../../i18n/i18n';
import { ActionButton } from '../../components/ActionButton';
import { DataTable } from '../../components/DataTable';
import { dateTime } from '../../format';
import { CommandText } from './CommandText';
import { titleBesides } from './asked-title';

/** The exact commands the agents run without asking, left by "Always" answers, each revocable. */
export function RememberedApprovals() {
  const api = useApi();
  const m = useMessages();
  const a = m.approvals;
  const connected = useConnected();
  const off = { disabled: !connected, title: connected ? undefined : m.offline.actionsOff };
  // Every use of one is an answer, and an "Always" answer may add one.
  const remembered = useLive(() => api['permissions.remembered'](), ['permission.answered']);
  const [revoke, revoking] = useAction(async (channel: string, id: string) => {
    await api['permissions.revoke']({ channel, id });
    remembered.reload();
  });
  const approvals = remembered.data ?? [];

  return (
    <>
      <h2>{a.remembered}</h2>
      <p className="hint">{a.rememberedHint}</p>
      {revoking.error ? (
        <p className="error" role="alert">
          {revoking.error}
        </p>
      ) : null}
      {approvals.length === 0 ? <p className="empty">{a.rememberedEmpty}</p> : null}
      {approvals.length ? (
        <DataTable label={a.remembered} columns={[a.columns.channel, a.columns.command, a.columns.allowedBy, a.columns.allowedAt, '']}>
              {approvals.map((approval) => (
                <tr key={`${approval.channel}:${approval.id}`}>
                  <td>{approval.channel}</td>
                  <td>
                    {titleBesides(approval.title, approval.detail) === undefined ? null : <strong>{approval.title}</strong>}
                    {approval.detail ? <CommandText text={approval.detail} label={a.columns.command} /> : null}
                  </td>
                  <td>{approval.allowedBy.via === 'chat' ? a.byChat(approval.allowedBy.nick ?? approval.allowedBy.staffId ?? '') : approval.allowedBy.via === 'cli' ? a.byCli : a.byApp}</td>
                  <td className="nowrap">
                    {dateTime(approval.allowedAt, m)}
                    <br />
                    <span className="muted">{a.uses(approval.uses)}</span>
                  </td>
                  <td className="actions">
                    <ActionButton busy={revoking.busy} {...off} onClick={() => void revoke(approval.channel, approval.id)}>
                      {a.revoke}
                    </ActionButton>
                  </td>
                </tr>
              ))}
        </DataTable>
      ) : null}
    </>
  );
}
