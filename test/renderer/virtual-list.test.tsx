// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualList } from '../../renderer/src/components/VirtualList';

afterEach(cleanup);

// happy-dom lays nothing out: give the list a 400 px viewport and the content height its spacer asks for.
const descriptors = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  scrollHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollHeight'),
};
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return Number.parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '0') || 0;
    },
  });
});
afterAll(() => {
  for (const [name, descriptor] of Object.entries(descriptors)) if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
});

const items = Array.from({ length: 100_000 }, (_, i) => ({ id: `e${i}`, text: `event ${i}` }));

function renderList(list = items) {
  return render(
    <div style={{ height: '400px' }}>
      <VirtualList items={list} rowHeight={40} rowKey={(item) => item.id} renderRow={(item) => <span>{item.text}</span>} label="log" jumpLabel="Jump to newest" pausedLabel="paused" />
    </div>,
  );
}

describe('the virtualized log list', () => {
  it('renders only the rows in view of 100,000, starting at the newest', () => {
    const { container } = renderList();
    const rows = container.querySelectorAll('[role="row"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(screen.getByText('event 99999')).toBeTruthy();
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('100000');
  });

  it('stops following when the user scrolls up, and offers to jump back', () => {
    const { container } = renderList();
    const grid = screen.getByRole('grid');
    grid.scrollTop = 40 * 50;
    fireEvent.scroll(grid);
    expect(screen.getByText('event 50')).toBeTruthy();
    expect(container.querySelectorAll('[role="row"]').length).toBeLessThan(100);
    fireEvent.click(screen.getByRole('button', { name: /Jump to newest/ }));
    expect(screen.queryByRole('button', { name: /Jump to newest/ })).toBeNull();
  });

  it('draws the rows of a jump within the scroll event, so the frame the browser paints next is never empty', () => {
    renderList();
    const grid = screen.getByRole('grid');
    // As in the browser: no act() to flush React's work before the test looks.
    const actEnvironment = Reflect.get(globalThis, 'IS_REACT_ACT_ENVIRONMENT');
    Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', false);
    try {
      grid.scrollTop = 40 * 50_000;
      grid.dispatchEvent(new Event('scroll'));
      expect(screen.getByText('event 50000')).toBeTruthy();
    } finally {
      Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', actEnvironment);
    }
  });

  it('draws only the rows in view for a jump, and the rows beyond them again once scrolling goes on or stops', async () => {
    const { container } = renderList();
    const grid = screen.getByRole('grid');
    const drawn = () => [...container.querySelectorAll('[role="row"]')].map((row) => Number(row.getAttribute('aria-rowindex')));
    grid.scrollTop = 40 * 30_000;
    fireEvent.scroll(grid);
    // 400 px of 40 px rows: rows 30,001 to 30,011, the last one partly in view.
    expect(drawn()).toEqual(Array.from({ length: 11 }, (_, i) => 30_001 + i));
    grid.scrollTop += 120;
    fireEvent.scroll(grid);
    expect(drawn().length).toBeGreaterThan(11);
    expect(Math.min(...drawn())).toBeLessThan(30_004);
    expect(Math.max(...drawn())).toBeGreaterThan(30_014);
    await waitFor(() => expect(drawn()).toEqual(Array.from({ length: 27 }, (_, i) => 30_004 - 8 + i)));
  });
});
