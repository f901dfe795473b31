import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';

interface Props<T> {
  items: readonly T[];
  rowHeight: number;
  /** Rows taller than `rowHeight`, as [index, extra pixels], by index; few, so every other row stays at its fixed place. */
  tallRows?: ReadonlyArray<readonly [number, number]>;
  renderRow: (item: T, index: number) => ReactNode;
  rowKey: (item: T) => string;
  label: string;
  /** Text for the button that resumes following new rows. */
  jumpLabel: string;
  pausedLabel: string;
  empty?: ReactNode;
}

/** Rows drawn beyond each edge of the view, so a scroll the compositor runs ahead of the page finds them drawn. */
const OVERSCAN = 8;
/** Rows the overscan regains with each small scroll after a jump, and how long after the last scroll it is all back. */
const REGAIN_PER_SCROLL = 2;
const SETTLE_MS = 150;
const NO_TALL_ROWS: ReadonlyArray<readonly [number, number]> = [];

/** Where rows start and which row is at a height, when a few rows are taller than the rest. */
function layout(rowHeight: number, tallRows: ReadonlyArray<readonly [number, number]>) {
  const extraOf = new Map(tallRows);
  const top = (index: number) => {
    let extra = 0;
    for (const [tall, more] of tallRows) {
      if (tall >= index) break;
      extra += more;
    }
    return index * rowHeight + extra;
  };
  const indexAt = (y: number) => {
    let extra = 0;
    for (const [tall, more] of tallRows) {
      const start = tall * rowHeight + extra;
      if (y < start) break;
      if (y < start + rowHeight + more) return tall;
      extra += more;
    }
    return Math.floor((y - extra) / rowHeight);
  };
  const extraTotal = tallRows.reduce((sum, [, more]) => sum + more, 0);
  return { top, indexAt, heightOf: (index: number) => rowHeight + (extraOf.get(index) ?? 0), height: (count: number) => count * rowHeight + extraTotal };
}

/**
 * Renders only the rows in view, so 100,000 rows scroll like 100. Follows new rows at the bottom until the
 * user scrolls up, then stays put and offers to jump back.
 */
export function VirtualList<T>({ items, rowHeight, tallRows = NO_TALL_ROWS, renderRow, rowKey, label, jumpLabel, pausedLabel, empty }: Props<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [following, setFollowing] = useState(true);
  const [overscan, setOverscan] = useState(OVERSCAN);
  const shownTop = useRef(0);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(settle.current), []);

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
    // A jump (a drag of the scrollbar, Home, End) shows none of the rows drawn before it: its frame draws only
    // the rows in view, which halves its work, and the overscan comes back a little with each scroll after it
    // and wholly once scrolling stops.
    const jumped = Math.abs(element.scrollTop - shownTop.current) > element.clientHeight;
    shownTop.current = element.scrollTop;
    // The browser paints right after its scroll event: rendering the rows for the new position now, rather
    // than in a task after that paint, keeps a jump from showing a frame of no rows.
    flushSync(() => {
      setScrollTop(element.scrollTop);
      setFollowing(atBottom);
      setOverscan((previous) => (jumped ? 0 : Math.min(OVERSCAN, previous + REGAIN_PER_SCROLL)));
    });
    clearTimeout(settle.current);
    settle.current = setTimeout(() => setOverscan(OVERSCAN), SETTLE_MS);
  };

  const place = layout(rowHeight, tallRows);
  const first = Math.max(0, place.indexAt(scrollTop) - overscan);
  const last = Math.min(items.length, place.indexAt(scrollTop + height) + 1 + overscan);
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index++) {
    const item = items[index] as T;
    rows.push(
      <div key={rowKey(item)} className="virtual-row" role="row" aria-rowindex={index + 1} style={{ transform: `translateY(${place.top(index)}px)`, height: place.heightOf(index) }}>
        {renderRow(item, index)}
      </div>,
    );
  }

  return (
    <div className="virtual-wrap">
      <div ref={viewport} className="virtual" onScroll={onScroll} role="grid" aria-label={label} aria-rowcount={items.length} tabIndex={0}>
        {items.length === 0 ? empty : <div style={{ height: place.height(items.length), position: 'relative' }}>{rows}</div>}
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
