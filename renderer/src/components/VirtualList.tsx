import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';

interface Props<T> {
  items: readonly T[];
  rowHeight: number;
  renderRow: (item: T, index: number) => ReactNode;
  rowKey: (item: T) => string;
  label: string;
  /** Text for the button that resumes following new rows. */
  jumpLabel: string;
  pausedLabel: string;
  empty?: ReactNode;
}

const OVERSCAN = 12;

/**
 * Renders only the rows in view, so 100,000 rows scroll like 100. Follows new rows at the bottom until the
 * user scrolls up, then stays put and offers to jump back.
 */
export function VirtualList<T>({ items, rowHeight, renderRow, rowKey, label, jumpLabel, pausedLabel, empty }: Props<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [following, setFollowing] = useState(true);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => setHeight(element.clientHeight || 600);
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure);
    observer?.observe(element);
    return () => observer?.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || !following) return;
    element.scrollTop = element.scrollHeight;
    setScrollTop(element.scrollTop);
  }, [items.length, following, height]);

  const onScroll = () => {
    const element = viewport.current;
    if (!element) return;
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight;
    // The browser paints right after its scroll event: rendering the rows for the new position now, rather
    // than in a task after that paint, keeps a jump (a drag of the scrollbar) from showing a frame of no rows.
    flushSync(() => {
      setScrollTop(element.scrollTop);
      setFollowing(atBottom);
    });
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index++) {
    const item = items[index] as T;
    rows.push(
      <div key={rowKey(item)} className="virtual-row" role="row" aria-rowindex={index + 1} style={{ transform: `translateY(${index * rowHeight}px)`, height: rowHeight }}>
        {renderRow(item, index)}
      </div>,
    );
  }

  return (
    <div className="virtual-wrap">
      <div ref={viewport} className="virtual" onScroll={onScroll} role="grid" aria-label={label} aria-rowcount={items.length} tabIndex={0}>
        {items.length === 0 ? empty : <div style={{ height: items.length * rowHeight, position: 'relative' }}>{rows}</div>}
      </div>
      {following ? null : (
        <div className="follow-bar" role="status">
          <span>{pausedLabel}</span>
          <button type="button" className="button secondary" onClick={() => setFollowing(true)}>
            ↓ {jumpLabel}
          </button>
        </div>
      )}
    </div>
  );
}
