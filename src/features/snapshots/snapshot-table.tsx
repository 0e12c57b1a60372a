import { lazy, Suspense, useSyncExternalStore } from 'react';
import type { SnapshotTableProps } from './rows';

/**
 * Below Tailwind's `md` (768 px: phones, where Cloudscape also goes to one card per row) the list is cards,
 * above it the table. Each loads in its own chunk, and only the one this window needs is fetched at start: in
 * parallel with the connection and the first ReadSnapshots page, which it never delays, and out of the
 * initial-JS budget. The width is read on a change of the media query, never on a render.
 */
const query = typeof matchMedia == 'function' ? matchMedia('(max-width: 767.98px)') : undefined;
let narrow = query?.matches ?? false;
const subscribe = (listener: () => void) => {
  // The window may have changed while no list was shown (React checks the value again once subscribed).
  if (query) narrow = query.matches;
  const onChange = (event: MediaQueryListEvent) => {
    narrow = event.matches;
    listener();
  };
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
};
/** Whether the window is narrower than `md` (a phone): cards, and the filters behind "Filters (n)". */
export const useNarrow = () => useSyncExternalStore(subscribe, () => narrow, () => false);

const tableChunk = () => import('./snapshot-table-body');
const cardsChunk = () => import('./snapshot-cards');
void (narrow ? cardsChunk() : tableChunk());
const Body = lazy(tableChunk);
const Cards = lazy(cardsChunk);

/** The snapshot table (see snapshot-table-body.tsx), or cards on a phone (snapshot-cards.tsx). */
export function SnapshotTable(props: SnapshotTableProps) {
  const cards = useNarrow();
  return <Suspense fallback={<p role="status">Loading the list…</p>}>{cards ? <Cards {...props} /> : <Body {...props} />}</Suspense>;
}
