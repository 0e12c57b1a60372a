/**
 * Every in-page link: a real `<a href>` (so it can be opened in a new tab, copied, read by a screen reader) whose
 * plain click navigates inside the page instead of loading it again.
 */
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { keepRegion, navigate } from './router';

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  /** Path and query inside the dashboard. */
  to: string;
  /** Go Back in this tab's history when there is somewhere to go back to; else to `to`. */
  back?: boolean;
}

/** A click the browser should handle itself: another button, or a modifier asking for a new tab or window. */
const leavesThePage = (event: MouseEvent) => event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;

export function Link({ to, back = false, onClick, ...props }: LinkProps) {
  return (
    <a
      {...props}
      href={keepRegion(to)}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || leavesThePage(event)) return;
        event.preventDefault();
        if (back && window.history.length > 1) window.history.back();
        else navigate(to);
      }}
    />
  );
}
