import { useApi, useConnected } from '../../hooks/api-context';
import { useMessages } from '../../i18n/i18n';
import { ActionButton } from '../../components/ActionButton';
import { DataTable } from '../../components/DataTable';
import { CopyButton } from '../../components/CopyButton';
import { dateTime } from '../../format';
import type { RefusedView } from '../../view-types';

interface Props {
  refused: RefusedView[];
  busy: boolean;
  /** Runs an answer and reloads the page's lists, as the page's other answers do. */
  decide: (run: () => Promise<unknown>) => void;
}

/**
 * The people whose pairing request a limit refused, so a queue filled by others never hides someone the operator
 * wants: each can be let in at once, or cleared from the list. Shown only while there are any.
 */
export function RefusedPairings({ refused, busy, decide }: Props) {
  const api = useApi();
  const m = useMessages();
  const a = m.approvals;
  const connected = useConnected();
  const off = { disabled: !connected, title: connected ? undefined : m.offline.actionsOff };
  if (refused.length === 0) return null;
  const channels = [...new Set(refused.map((entry) => entry.channel))];

  return (
    <>
      <h3 className="subheading">{a.refused}</h3>
      <p className="hint">{a.refusedHint}</p>
      <DataTable label={a.refused} columns={[a.columns.who, a.columns.channel, a.columns.conversation, a.columns.why, a.columns.last, '']}>
            {refused.map((entry) => (
              <tr key={`${entry.channel}:${entry.staffId}`}>
                <td>
                  {entry.nick} <CopyButton value={entry.staffId} />
                </td>
                <td>{entry.channel}</td>
                <td>
                  {entry.conversationType === 'dm' ? m.common.dm : ''} <CopyButton value={entry.conversationId} />
                </td>
                <td>{a.refusedLimits[entry.limit]}</td>
                <td className="nowrap">
                  {dateTime(entry.lastAt, m)}
                  <br />
                  <span className="muted">{a.refusedCount(entry.count)}</span>
                </td>
                <td className="actions">
                  <ActionButton kind="primary" busy={busy} {...off} onClick={() => decide(() => api['pairing.allow']({ channel: entry.channel, staffId: entry.staffId, nick: entry.nick }))}>
                    {a.letIn}
                  </ActionButton>
                  <ActionButton busy={busy} {...off} onClick={() => decide(() => api['pairing.clearRefused']({ channel: entry.channel, staffId: entry.staffId }))}>
                    {a.clear}
                  </ActionButton>
                </td>
              </tr>
            ))}
      </DataTable>
      {refused.length > 1 ? (
        <ActionButton busy={busy} {...off} onClick={() => decide(() => Promise.all(channels.map((channel) => api['pairing.clearRefused']({ channel }))))}>
          {a.clearAll}
        </ActionButton>
      ) : null}
    </>
  );
}
