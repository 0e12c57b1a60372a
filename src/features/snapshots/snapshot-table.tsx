import { lazy, Suspense } from 'react';
import type { ListState, SortKey } from './list-state';
import type { Row } from './rows';

// The table's code loads in its own chunk, fetched as soon as this module runs: in parallel with the
// connection and the first ReadSnapshots page, which it never delays, and out of the initial-JS budget.
const body = import('./snapshot-table-body');
const Body = lazy(() => body);

export interface SnapshotTableProps {
  rows: Row[];
  view: ListState;
  onSort: (key: SortKey) => void;
  now: number;
}

/** The snapshot table (see snapshot-table-body.tsx). */
export function SnapshotTable(props: SnapshotTableProps) {
  return (
    <Suspense fallback={<p role="status">Loading the table…</p>}>
      <Body {...props} />
    </Suspense>
  );
}
