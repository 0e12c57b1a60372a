/**
 * A small History API router: the dashboard has two pages (list and detail) and keeps every filter in the
 * URL, so a link reproduces a view, reload keeps it and Back undoes it.
 */
import { useSyncExternalStore } from 'react';

const NAVIGATE_EVENT = 'app:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query, re-rendering on navigation. */
export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  return new URL(href, window.location.origin);
}

/** Whether the path starts with `prefix`; re-renders only when that changes, not on each change of the query (a search). */
export function useOnPath(prefix: string): boolean {
  return useSyncExternalStore(subscribe, () => window.location.pathname.startsWith(prefix), () => false);
}

/** The Region the pages show, as the URL names it (`?region=NAME`); '' when none: the account's first Region. */
export const regionParam = () => new URLSearchParams(window.location.search).get('region') ?? '';

/** The Region named in the URL, re-rendering only when it changes. */
export const useRegionParam = () => useSyncExternalStore(subscribe, regionParam);

/**
 * `to` (a path and query, no hash) with the Region shown carried over from the current URL, unless `to` names a
 * Region itself: so every in-page link and navigation stays in the Region shown.
 */
export function keepRegion(to: string): string {
  const region = regionParam();
  return !region || /[?&]region=/.test(to) ? to : inRegion(to, region);
}

/** `href` (a path and query, without `region=`) in `region`, named explicitly: it opens there whatever is shown now. */
export const inRegion = (href: string, region: string): string => `${href}${href.includes('?') ? '&' : '?'}region=${encodeURIComponent(region)}`;

/** `keepRegion: false`: `to` is taken as is (the Region switch, or a link naming no Region on purpose). */
export function navigate(to: string, options: { replace?: boolean; keepRegion?: boolean } = {}): void {
  flushReplace();
  if (options.keepRegion !== false) to = keepRegion(to);
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** A replace of the current entry written later (replaceSoon); any navigation writes it first. */
let soon: ReturnType<typeof setTimeout> | undefined;
let soonTo = '';

function flushReplace(): void {
  if (soon === undefined) return;
  clearTimeout(soon);
  soon = undefined;
  navigate(soonTo, { replace: true });
}

/**
 * Replaces the current entry's URL once 300 ms have passed without another call: for a value typed into the page
 * (the search), so that a keystroke costs no `history.replaceState` and no re-render of every component that
 * reads the location; the page shows what was typed from its own state meanwhile. Written at once before any
 * other navigation and when the page is hidden; dropped by Back and Forward (their entry has its own URL).
 */
export function replaceSoon(to: string): void {
  clearTimeout(soon);
  soonTo = to;
  soon = setTimeout(flushReplace, 300);
}

globalThis.addEventListener?.('pagehide', flushReplace);
globalThis.addEventListener?.('popstate', () => {
  clearTimeout(soon);
  soon = undefined;
});

/** The detail page of a snapshot. */
export function snapshotHref(id: string): string {
  return `/snapshots/${encodeURIComponent(id)}`;
}
