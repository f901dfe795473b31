import { useEffect, useRef } from 'react';
import { useConnected } from '../../hooks/api-context';
import { useMessages } from '../../i18n/i18n';

export type ExportFormat = 'csv' | 'jsonl';

/**
 * The log's Export menu. A <details> stays open until told otherwise, so it is closed here the way a menu
 * closes: once a format is chosen, on Escape, and on a click anywhere else.
 */
export function ExportMenu({ busy, onExport }: { busy: boolean; onExport: (format: ExportFormat) => void }) {
  const m = useMessages();
  const menu = useRef<HTMLDetailsElement>(null);
  // Off with the rest of the window's actions while Dingbridge is out of reach: the export would only fail.
  const connected = useConnected();

  const close = (refocus: boolean) => {
    const details = menu.current;
    if (!details?.open) return;
    details.open = false;
    // Keyboard users keep their place instead of landing at the top of the page.
    if (refocus) details.querySelector('summary')?.focus();
  };

  useEffect(() => {
    if (!connected && menu.current) menu.current.open = false;
  }, [connected]);

  useEffect(() => {
    const outside = (event: PointerEvent) => {
      const details = menu.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, []);

  return (
    <details
      className="menu"
      ref={menu}
      onToggle={(event) => {
        if (!connected && event.currentTarget.open) event.currentTarget.open = false;
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close(true);
      }}
    >
      <summary
        className="button secondary"
        aria-busy={busy}
        aria-disabled={connected ? undefined : true}
        title={connected ? undefined : m.offline.actionsOff}
        onClick={(event) => {
          if (!connected) event.preventDefault();
        }}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {m.log.export}
      </summary>
      <div className="menu-items">
        {(['csv', 'jsonl'] as const).map((format) => (
          <button
            key={format}
            type="button"
            onClick={() => {
              close(true);
              onExport(format);
            }}
          >
            {format.toUpperCase()}
          </button>
        ))}
      </div>
    </details>
  );
}
