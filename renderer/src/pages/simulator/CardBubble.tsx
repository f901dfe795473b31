import { useApi, useConnected } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useMessages } from '../../i18n/i18n';
import { DingTalkMarkdown } from './DingTalkMarkdown';
import type { SimulatorEntry } from '../../../../electron/contract/window-shared';

interface Props {
  channel: string;
  card: NonNullable<SimulatorEntry['card']>;
  text: string;
  /** Whom the operator writes as: a tap is theirs, as in DingTalk, where only the person who asked may stop an answer. */
  as: { staffId: string } | undefined;
  onReply: () => void;
}

/** A bot answer in an AI card, as DingTalk shows one: its text as it streams in, how it ended, and its buttons. */
export function CardBubble({ channel, card, text, as, onReply }: Props) {
  const api = useApi();
  const m = useMessages();
  const s = m.simulator;
  const connected = useConnected();
  const [tap, tapping] = useAction(async (action: string) => {
    if (!as) return;
    await api['simulator.clickCard']({ channel, card: card.id, action, as: { staffId: as.staffId } });
  });
  const streaming = card.state === 'streaming';
  // Busy while it streams, so a screen reader reads the answer once it is whole, not at every frame.
  return (
    <li className={`bubble bot card ${card.state}`} aria-label={s.bot} aria-busy={streaming}>
      <div className="bubble-head card-head" title={s.via('card')}>
        <strong>{s.bot}</strong>
        {streaming ? <span className="card-state">{s.card.writing}</span> : null}
        {card.state === 'failed' ? <span className="card-state failed">{s.card.failed}</span> : null}
      </div>
      <div className="card-body">
        {text ? <DingTalkMarkdown text={text} /> : streaming ? <p className="thinking">{s.card.thinking}</p> : null}
      </div>
      {card.buttons.length > 0 ? (
        <div className="card-buttons">
          {card.buttons.map((button) => (
            <button
              key={button.id}
              type="button"
              className="button"
              disabled={!connected || !as || tapping.busy}
              title={connected ? undefined : m.offline.actionsOff}
              onClick={() => void tap(button.id)}
            >
              {button.text}
            </button>
          ))}
        </div>
      ) : null}
      {tapping.error ? (
        <p className="error card-error" role="alert">
          {tapping.error}
        </p>
      ) : null}
      <button type="button" className="button quiet reply" onClick={onReply}>
        {s.reply}
      </button>
    </li>
  );
}
