import { lazy, Suspense, useSyncExternalStore } from 'react';
import type { ListState, SortKey } from './list-state';
import type { Row } from './rows';

/**
 * Below Tailwind's `md` (768 px: phones, where Cloudscape also goes to one card per row) the list is cards,
 * above it the table. Each loads in its own chunk, and only the one this window needs is fetched at start: in
 * parallel with the connection and the first ReadSnapshots page, which it never delays, and out of the
 * initial-JS budget. The width is read on a change of the media query, never on a render.
 */
const NARROW = '(max-width: 767.98px)';
const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(NARROW) : undefined;
let narrow = query?.matches ?? false;
const listeners = new Set<() => void>();
query?.addEventListener('change', (event) => {
  narrow = event.matches;
  listeners.forEach((listener) => listener());
});
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const tableChunk = () => import('./snapshot-table-body');
const cardsChunk = () => import('./snapshot-cards');
void (narrow ? cardsChunk() : tableChunk());
const Body = lazy(tableChunk);
const Cards = lazy(cardsChunk);

export interface SnapshotTableProps {
  rows: Row[];
  view: ListState;
  onSort: (key: SortKey) => void;
  now: number;
}

/** The snapshot table (see snapshot-table-body.tsx), or cards on a phone (snapshot-cards.tsx). */
export function SnapshotTable(props: SnapshotTableProps) {
  const cards = useSyncExternalStore(subscribe, () => narrow, () => false);
  return <Suspense fallback={<p role="status">Loading the list…</p>}>{cards ? <Cards {...props} /> : <Body {...props} />}</Suspense>;
}
