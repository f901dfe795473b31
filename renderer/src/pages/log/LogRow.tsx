import { memo } from 'react';
import type { LogEvent } from '../../view-types';
import { useMessages } from '../../i18n/i18n';
import type { Messages } from '../../i18n/en';
import { CopyButton } from '../../components/CopyButton';
import { clockTime } from '../../format';
import { describeStory } from './describe-story';
import { openable } from './log-items';
import { headOf, type Story } from './log-stories';

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

/** The conversation cell: a group by its name, a DM as such, and the conversationId to copy. */
export function ConversationCell({ event, m }: { event: LogEvent; m: Messages }) {
  const conversationId = field(event, 'conversationId');
  const title = field(event, 'conversationTitle');
  return (
    <span className="cell stacked" role="gridcell">
      {conversationId ? (
        <>
          <span className="small muted">{field(event, 'conversationType') === 'group' ? (title ?? '') : field(event, 'conversationType') === 'dm' ? m.common.dm : ''}</span>
          <CopyButton value={conversationId} />
        </>
      ) : null}
    </span>
  );
}

/**
 * One row of the log: time, channel, conversation, sender, what happened and where it stands, a way to open
 * its story, and what can be done about it. Memoised: a row redraws only when its story grows.
 */
export const LogRow = memo(function LogRow({ story, open, onToggle, openMenu }: { story: Story; open: boolean; onToggle: (key: string) => void; openMenu: OpenRowMenu }) {
  const m = useMessages();
  const event = headOf(story);
  const { what, why, tone, toneOf } = describeStory(story, m);
  const staffId = field(event, 'senderStaffId') ?? field(event, 'staffId');
  const nick = field(event, 'nick');
  // Set only for someone from another organisation than the bot's: their staffId alone would name someone else.
  const corpId = field(event, 'senderCorpId');
  const conversationId = field(event, 'conversationId');
  return (
    <>
      <span className="cell time" role="gridcell">
        {clockTime(event.at)}
      </span>
      <span className="cell channel" role="gridcell">
        {story.channel}
      </span>
      <ConversationCell event={event} m={m} />
      <span className="cell stacked" role="gridcell">
        {staffId || nick ? (
          <>
            <span className="small">{nick}</span>
            {corpId ? (
              <span className="small muted" title={corpId}>
                {m.log.otherOrganisation(corpId)}
              </span>
            ) : null}
            {staffId ? <CopyButton value={staffId} /> : null}
          </>
        ) : null}
      </span>
      <span className={`cell what ${toneOf === 'what' ? tone : ''}`} role="gridcell" title={why ? `${what} — ${why}` : what}>
        <span className="what-line">
          {open || openable(story, m) ? (
            <button type="button" className="disclosure" aria-expanded={open} aria-label={open ? m.log.hideSteps : m.log.showSteps} onClick={() => onToggle(story.key)}>
              {open ? '▾' : '▸'}
            </button>
          ) : null}
          <span>{what}</span>
        </span>
        {why ? <span className={`why ${toneOf === 'why' ? tone : ''}`}>{why}</span> : null}
      </span>
      <span className="cell row-actions" role="gridcell">
        {story.type === 'message' && conversationId ? (
          <button type="button" className="row-menu-button" aria-label={m.log.actions} aria-haspopup="menu" onClick={(e) => openMenu(event, e.currentTarget.getBoundingClientRect())}>
            ⋯
          </button>
        ) : null}
      </span>
    </>
  );
});
