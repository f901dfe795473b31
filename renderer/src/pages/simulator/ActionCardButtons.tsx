import { useConnected } from '../../hooks/api-context';
import { useAction } from '../../hooks/use-action';
import { useMessages } from '../../i18n/i18n';
import type { SimulatorEntry } from '../../../../electron/contract/window-shared';

interface Props {
  buttons: NonNullable<SimulatorEntry['actionButtons']>;
  /** Sends a button's text as the person the operator is; off while no one is chosen. */
  send: ((text: string) => Promise<unknown>) | undefined;
}

/** An ActionCard's buttons, under its text: in DingTalk a tap sends the button's words into the chat as the tapper. */
export function ActionCardButtons({ buttons, send }: Props) {
  const m = useMessages();
  const connected = useConnected();
  const [tap, tapping] = useAction(async (sends: string) => send?.(sends));
  return (
    <>
      <div className="action-buttons">
        {buttons.map((button, index) => (
          <button
            key={index}
            type="button"
            className="button"
            disabled={!connected || !send || tapping.busy}
            title={connected ? undefined : m.offline.actionsOff}
            onClick={() => void tap(button.sends)}
          >
            {button.text}
          </button>
        ))}
      </div>
      {tapping.error ? (
        <p className="error" role="alert">
          {tapping.error}
        </p>
      ) : null}
    </>
  );
}
