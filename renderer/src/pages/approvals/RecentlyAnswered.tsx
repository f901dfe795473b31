import type { Api } from '../../../../electron/contract/client';
import { useApi } from '../../hooks/api-context';
import { useLive } from '../../hooks/use-live';
import { useNow } from '../../hooks/use-now';
import { useMessages } from '../../i18n/i18n';
import { DataTable } from '../../components/DataTable';
import { dateTime, duration } from '../../format';
import { answerWords, isAnswered, wasAsked, type AnsweredEvent } from './answer-words';
import { shortened, titleBesides } from './asked-title';

/** How many answers the list shows. */
export const RECENT_ANSWERS = 5;
/** The log is read back this many answers at a time, and at most this many times, past answers nobody gave. */
const PAGE = 50;
const PAGES = 10;

/**
 * The last requests someone answered (or that expired or were withdrawn), newest first, across channels. The log
 * gives its newest last, and answers by the channel's setting or a remembered approval among them, which are left
 * out: under `auto` they can outnumber the others, so it is read further back until enough are found.
 */
export async function recentAnswers(api: Api): Promise<AnsweredEvent[]> {
  const found: AnsweredEvent[] = [];
  let before: string | undefined;
  for (let page = 0; page < PAGES && found.length < RECENT_ANSWERS; page++) {
    const events = await api['log.query']({ kinds: ['agent.permission.answered'], limit: PAGE, ...(before ? { before } : {}) });
    for (const event of [...events].reverse()) {
      if (found.length < RECENT_ANSWERS && isAnswered(event) && wasAsked(event)) found.push(event);
    }
    const oldest = events[0];
    if (events.length < PAGE || !oldest) break;
    before = oldest.id;
  }
  return found;
}

/** Where the answers to the agents' permission requests came from: the chat, the app, the command line, or the clock. */
export function RecentlyAnswered() {
  const api = useApi();
  const m = useMessages();
  const a = m.approvals;
  const now = useNow();
  const recent = useLive(() => recentAnswers(api), ['permission.answered']);
  const answers = recent.data ?? [];

  return (
    <>
      <h2>{a.recent}</h2>
      <p className="hint">{a.recentHint}</p>
      {recent.error ? (
        <p className="error" role="alert">
          {recent.error}
        </p>
      ) : null}
      {recent.data && answers.length === 0 ? <p className="empty">{a.recentEmpty}</p> : null}
      {answers.length ? (
        <DataTable label={a.recent} columns={[a.columns.request, a.columns.answer, a.columns.channel, a.columns.answeredAt]}>
          {answers.map((event) => {
            const title = titleBesides(event.title, event.detail);
            return (
              <tr key={event.id}>
                <td>
                  {title === undefined ? null : <strong>{title}</strong>}
                  {title !== undefined && event.detail ? <br /> : null}
                  {event.detail ? (
                    <code className="short-command" title={event.detail}>
                      {shortened(event.detail)}
                    </code>
                  ) : null}
                </td>
                <td>{answerWords(event, m)}</td>
                <td>{event.channel}</td>
                <td className="nowrap">
                  {dateTime(event.at, m)}
                  <br />
                  <span className="muted">{a.ago(duration(now - event.at, m))}</span>
                </td>
              </tr>
            );
          })}
        </DataTable>
      ) : null}
    </>
  );
}
