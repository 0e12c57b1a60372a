/**
 * Where an element starts in the page, kept up to date when what is above it changes height (a header that
 * wraps, a banner, a progress line that goes): for a list that fills the window from there down to the dock.
 * Measured in a ResizeObserver's callback (after layout, no forced reflow), never on a render.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useTopInPage(ref: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setTop(Math.round(element.getBoundingClientRect().top + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref]);
  return top;
}

/** The height left from `top` down to the dock (copy-activity.tsx publishes its height), in the dynamic viewport. */
export const roomBelow = (top: number) => `calc(100dvh - ${top}px - var(--dock-height, 0px) - 0.5rem)`;
