import { useMessages } from '../../i18n/i18n';
import { ActionButton } from '../../components/ActionButton';
import { useTryIt } from '../simulator/use-try-it';

export const PORTAL_URL = 'https://open-dev.dingtalk.com/';

/** What a newcomer sees first: how to create the bot in the DingTalk developer portal, step by step. */
export function FirstRun({ onAdd, onImport }: { onAdd: () => void; onImport: () => void }) {
  const m = useMessages();
  const [tryIt, trying] = useTryIt();
  return (
    <section className="panel first-run" aria-labelledby="first-run-title">
      <div className="try-it">
        <p>{m.firstRun.tryItHint}</p>
        <ActionButton kind="primary" busy={trying.busy} onClick={() => void tryIt()}>
          {m.firstRun.tryIt}
        </ActionButton>
        {trying.error ? <p className="error">{trying.error}</p> : null}
      </div>
      <h2 id="first-run-title">{m.firstRun.title}</h2>
      <p>{m.firstRun.intro}</p>
      <ol>
        {m.firstRun.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <div className="actions">
        <a className="button secondary" href={PORTAL_URL} target="_blank" rel="noreferrer">
          {m.firstRun.portal} ↗
        </a>
        <button type="button" className="button quiet" onClick={onImport}>
          {m.channels.import}
        </button>
        <button type="button" className="button secondary" onClick={onAdd}>
          {m.firstRun.start}
        </button>
      </div>
    </section>
  );
}
