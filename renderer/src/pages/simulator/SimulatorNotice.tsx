import { useMessages } from '../../i18n/i18n';
import { ActionButton } from '../../components/ActionButton';
import { CopyButton } from '../../components/CopyButton';
import { useDemoAgent } from './use-demo-agent';
import { agentReason } from '../../i18n/engine-words';
import type { SimulatorEntry } from '../../../../electron/contract/window-shared';

/**
 * The simulator's own word under the agent's error, when the agent could not take the message at all: why, what to
 * do about it, and the demo agent one click away. DingTalk has no such message; it is for trying Dingbridge out.
 */
export function SimulatorNotice({ channel, entry }: { channel: string; entry: SimulatorEntry }) {
  const m = useMessages();
  const s = m.simulator;
  const [switchToDemo, switching] = useDemoAgent();
  const notice = entry.notice;
  return (
    <li className="bubble notice" aria-label={s.notice}>
      <div className="bubble-head">
        <strong>{s.notice}</strong>
      </div>
      {!notice ? (
        <p className="plain">{entry.text}</p>
      ) : notice.problem === 'needs-login' ? (
        <>
          <p>{s.noticeNeedsLogin(notice.agent)}</p>
          <p>
            {notice.login ? (
              <>
                {s.runOnce.before} <CopyButton value={notice.login} /> {s.runOnce.after}
              </>
            ) : (
              s.logInOnce
            )}
          </p>
        </>
      ) : (
        <>
          <p>{s.noticeCannotStart(notice.agent)}</p>
          <p className="plain">{agentReason(notice.reason, notice.agentProblem, m)}</p>
          <p>{s.fixAndSendAgain}</p>
        </>
      )}
      {entry.action === 'use-demo-agent' ? (
        <p className="row">
          {s.orDemo}
          <ActionButton kind="primary" busy={switching.busy} onClick={() => void switchToDemo(channel)}>
            {s.useDemo}
          </ActionButton>
        </p>
      ) : null}
      {switching.error ? <p className="error">{switching.error}</p> : null}
    </li>
  );
}
