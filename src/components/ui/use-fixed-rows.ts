/**
 * Virtualization for rows of one fixed height: only the rows in view (plus some overscan) are rendered.
 * A few lines instead of a library keeps the initial bundle within its budget.
 *
 * The height in view is measured, not guessed, before the first rows are built: the first commit has none, the
 * layout effect reads the height (a layout of the page without rows, which a caller's own measure in a layout
 * effect, e.g. useTopInPage, makes anyway), and the rows in view render in the same frame, before it is painted.
 * That first read also counts only what the window shows below the element's top, as a caller may still be
 * about to shrink it (its top was not known). A guessed 800 px built and laid out rows that the measure then
 * removed, on the first rows' critical path. Heights are kept in whole rows, so a resize that shows the same rows
 * renders nothing.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useFixedRows(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 10) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const wholeRows = (px: number) => Math.ceil(Math.max(0, px) / rowHeight) * rowHeight;
    const onScroll = () => setScrollTop(element.scrollTop);
    // Called after layout (no reflow of its own), for the element's first size too. It grows the rows at once;
    // it drops them only when two or more rows fewer are in view: the first read above may count a row or two
    // that the caller's own measure then takes away (a dock below), and re-rendering every row to remove one,
    // right after the first rows, cost more than the row.
    const observer = new ResizeObserver(() => {
      const next = wholeRows(element.clientHeight);
      setHeight((now) => (now === null || next > now || next <= now - 2 * rowHeight ? next : now));
    });
    element.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(element);
    setHeight(wholeRows(Math.min(element.clientHeight, window.innerHeight - element.getBoundingClientRect().top)));
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [ref, rowHeight]);
  const start = Math.min(count, Math.max(0, Math.floor(scrollTop / rowHeight) - overscan));
  const end = height === null ? start : Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { start, end, top: start * rowHeight, bottom: (count - end) * rowHeight };
}
