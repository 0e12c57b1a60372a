/**
 * The table as one Tab stop (WAI-ARIA grid pattern, by rows): one row has tabIndex 0, arrows move between rows,
 * PageUp/PageDown by 10, Home/End to the first and last row, ArrowRight/Left through the row's links and buttons.
 * Rows are virtualized: a move scrolls the row into view first, and focus follows once it is rendered.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export const PAGE_ROWS = 10;

/** The row a key moves to from `index` among `count` rows; undefined for a key that does not move. */
export function nextRow(key: string, index: number, count: number): number | undefined {
  const last = count - 1;
  const to = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + PAGE_ROWS, PageUp: index - PAGE_ROWS, Home: 0, End: last }[key];
  return to === undefined || count === 0 ? undefined : Math.max(0, Math.min(last, to));
}

/** The scrollTop that shows row `index` below a sticky header, or undefined when it is in view. */
export function scrollFor(index: number, rowHeight: number, header: number, scrollTop: number, viewport: number): number | undefined {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  const bottom = header + top + rowHeight;
  if (bottom > scrollTop + viewport) return bottom - viewport;
  return undefined;
}

const rowOf = (element: Element | null) => element?.closest<HTMLElement>('[data-row]') ?? null;

export function useRovingRows(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  onKey: (index: number, event: KeyboardEvent<HTMLElement>) => void,
) {
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const current = Math.min(active, Math.max(0, count - 1));

  const rowElement = (index: number) => scrollRef.current?.querySelector<HTMLElement>(`[data-row="${index}"]`) ?? null;

  useEffect(() => {
    if (!focusPending.current) return;
    const row = rowElement(current);
    if (row) {
      focusPending.current = false;
      // Only while focus is still with the list (or nowhere): never taken back from a menu or dialog opened since.
      const at = document.activeElement;
      if (!at || at === document.body || scrollRef.current?.contains(at)) row.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const element = scrollRef.current;
    if (element) {
      const header = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const top = scrollFor(index, rowHeight, header, element.scrollTop, element.clientHeight);
      if (top !== undefined) element.scrollTop = top;
    }
    focusPending.current = true;
    setActive(index);
    const row = rowElement(index);
    if (row && index === current) {
      // Focused now: nothing left for the next render to do (it would take focus back from a menu opened since).
      focusPending.current = false;
      row.focus({ preventScroll: true });
    }
  };

  /** The row that takes Tab: the active one when rendered, else the first rendered one. */
  const tabbable = (index: number, start: number, end: number) => (current >= start && current < end ? index === current : index === start);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const row = rowOf(event.target as Element);
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = Number(row.dataset.row);
    const to = nextRow(event.key, index, count);
    if (to !== undefined) {
      event.preventDefault();
      moveTo(to);
      return;
    }
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      const stops = [row, ...Array.from(row.querySelectorAll<HTMLElement>('a, button'))];
      const at = stops.indexOf(event.target as HTMLElement);
      const next = stops[Math.max(0, Math.min(stops.length - 1, at + (event.key === 'ArrowRight' ? 1 : -1)))];
      event.preventDefault();
      next?.focus();
      return;
    }
    onKey(index, event);
  };

  const onFocus = (event: { target: EventTarget }) => {
    const row = rowOf(event.target as Element);
    if (row) setActive(Number(row.dataset.row));
  };

  return { tabbable, onKeyDown, onFocus, focusActive: () => moveTo(current) };
}
