import { memo } from 'react';
import type { LogEvent } from '../../view-types';
import { useMessages } from '../../i18n/i18n';
import { CopyButton } from '../../components/CopyButton';
import { clockTime } from '../../format';
import { describeEvent } from './describe-event';

export interface RowActions {
  allowSender(event: LogEvent): void;
  allowGroup(event: LogEvent): void;
  sendTest(event: LogEvent): void;
}

/** Opens the action menu for a row; the page draws it above the list, where rows cannot hide or clip it. */
export type OpenRowMenu = (event: LogEvent, anchor: DOMRect) => void;

const field = (event: LogEvent, key: string): string | undefined => {
  const value = (event as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

/**
 * One log row: time, channel, conversation, sender, what happened and why, and what can be done about it.
 * Memoised: a row's event never changes, so scrolling and new events draw only the rows that come into view.
 */
export const LogRow = memo(function LogRow({ event, openMenu }: { event: LogEvent; openMenu: OpenRowMenu }) {
  const m = useMessages();
  const { what, why, tone } = describeEvent(event, m);
  const conversationId = field(event, 'conversationId');
  const conversationType = field(event, 'conversationType');
  const title = field(event, 'conversationTitle');
  const staffId = field(event, 'senderStaffId') ?? field(event, 'staffId');
  const nick = field(event, 'nick');
  const isMessage = event.kind === 'message.received' || event.kind === 'access.decision';
  return (
    <>
      <span className="cell time" role="gridcell">
        {clockTime(event.at)}
      </span>
      <span className="cell channel" role="gridcell">
        {event.channel}
      </span>
      <span className="cell stacked" role="gridcell">
        {conversationId ? (
          <>
            <span className="small muted">{conversationType === 'group' ? (title ?? '') : m.common.dm}</span>
            <CopyButton value={conversationId} />
          </>
        ) : null}
      </span>
      <span className="cell stacked" role="gridcell">
        {staffId || nick ? (
          <>
            <span className="small">{nick}</span>
            {staffId ? <CopyButton value={staffId} /> : null}
          </>
        ) : null}
      </span>
      <span className={`cell what ${tone}`} role="gridcell" title={why ? `${what} — ${why}` : what}>
        <span>{what}</span>
        {why ? <span className="why">{why}</span> : null}
      </span>
      <span className="cell row-actions" role="gridcell">
        {isMessage && conversationId ? (
          <button type="button" className="row-menu-button" aria-label={m.log.actions} aria-haspopup="menu" onClick={(e) => openMenu(event, e.currentTarget.getBoundingClientRect())}>
            ⋯
          </button>
        ) : null}
      </span>
    </>
  );
});
