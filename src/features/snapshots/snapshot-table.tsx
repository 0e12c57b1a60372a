import { useReducer, useSyncExternalStore } from 'react';
import { readyLazy } from '../../lib/ready-lazy';
import type { SnapshotTableProps } from './rows';

/**
 * Below Tailwind's `md` (768 px: phones, where Cloudscape also goes to one card per row) the list is cards,
 * above it the table. Each loads in its own chunk, and only the one this window needs is fetched at start
 * (preloadListView, which src/main.tsx calls at start, beside the first ReadSnapshots), out of the
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

// Never suspending (ready-lazy.ts): with the chunk there when the first page arrives, its rows render in that
// same commit, and a chunk that arrives after the rows is shown at once, not 300 ms later.
const loadingList = <p role="status">Loading the list…</p>;
const Body = readyLazy(() => import('./snapshot-table-body'), loadingList);
const Cards = readyLazy(() => import('./snapshot-cards'), loadingList);

export type RowsCode = typeof import('./rows');
let rowsCode: RowsCode | undefined;
let rowsFailed: { error: unknown } | undefined;
let rowsLoading: Promise<void> | undefined;
const loadRows = () =>
  (rowsLoading ??= import('./rows').then(
    (module) => void (rowsCode = module),
    (error: unknown) => void (rowsFailed = { error }),
  ));

/**
 * The list's row code (prepare, sort, search: rows.ts), which comes with the table's, out of the initial bundle:
 * undefined until it has arrived (the page shows its skeleton meanwhile); a chunk that cannot load goes to the
 * error boundary.
 */
export function useRowsCode(): RowsCode | undefined {
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  if (rowsFailed) throw rowsFailed.error;
  if (!rowsCode) void loadRows().then(rendered);
  return rowsCode;
}

/** Fetches the code this window's list needs (the table, or the phone's cards, and the rows' code). */
export function preloadListView(): Promise<unknown> {
  return Promise.all([loadRows(), (narrow ? Cards : Body).load()]);
}

/** The snapshot table (see snapshot-table-body.tsx), or cards on a phone (snapshot-cards.tsx). */
export function SnapshotTable(props: SnapshotTableProps) {
  const cards = useNarrow();
  return cards ? <Cards {...props} /> : <Body {...props} />;
}
