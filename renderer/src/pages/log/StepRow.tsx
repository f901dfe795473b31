import { memo } from 'react';
import type { LogEvent } from '../../view-types';
import { useMessages } from '../../i18n/i18n';
import { clockTime } from '../../format';
import { describeEvent } from './describe-event';

/** One step of an opened message's story, under its row: when, and what happened. */
export const StepRow = memo(function StepRow({ event }: { event: LogEvent }) {
  const m = useMessages();
  const { what, why, tone } = describeEvent(event, m);
  return (
    <>
      <span className="cell time step" role="gridcell">
        {clockTime(event.at)}
      </span>
      <span className={`cell what step-what ${tone}`} role="gridcell" title={why ? `${what} — ${why}` : what}>
        <span>{what}</span>
        {why ? <span className="why">{why}</span> : null}
      </span>
    </>
  );
});
