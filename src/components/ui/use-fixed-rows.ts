/**
 * Virtualization for rows of one fixed height: only the rows in view (plus some overscan) are rendered.
 * A few lines instead of a library keeps the initial bundle within its budget.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useFixedRows(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 10) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onScroll = () => setScrollTop(element.scrollTop);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    element.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [ref]);
  const start = Math.min(count, Math.max(0, Math.floor(scrollTop / rowHeight) - overscan));
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { start, end, top: start * rowHeight, bottom: (count - end) * rowHeight };
}
