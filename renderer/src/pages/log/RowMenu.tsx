import { useEffect, useRef } from 'react';
import type { LogEvent } from '../../view-types';
import { useMessages } from '../../i18n/i18n';
import type { RowActions } from './LogRow';

const field = (event: LogEvent, key: string) => {
  const value = (event as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

/** The actions on one log row, floating by its button; Escape or a click elsewhere closes it. */
export function RowMenu({ event, anchor, actions, onClose }: { event: LogEvent; anchor: DOMRect; actions: RowActions; onClose: () => void }) {
  const m = useMessages();
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector('button')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [onClose]);
  const run = (action: (event: LogEvent) => void) => () => {
    onClose();
    action(event);
  };
  const below = anchor.bottom + 160 < window.innerHeight;
  return (
    <div
      ref={menu}
      className="menu-items floating"
      role="menu"
      aria-label={m.log.actions}
      style={{ right: Math.max(8, window.innerWidth - anchor.right), ...(below ? { top: anchor.bottom + 4 } : { bottom: window.innerHeight - anchor.top + 4 }) }}
    >
      {field(event, 'senderStaffId') ? (
        <button type="button" role="menuitem" onClick={run(actions.allowSender)}>
          {m.log.allowSender}
        </button>
      ) : null}
      {field(event, 'conversationType') === 'group' ? (
        <button type="button" role="menuitem" onClick={run(actions.allowGroup)}>
          {m.log.allowGroup}
        </button>
      ) : null}
      <button type="button" role="menuitem" onClick={run(actions.sendTest)}>
        {m.log.sendTest}
      </button>
    </div>
  );
}
