/**
 * Client-side work on the loaded list: the instant text search and the sort. Rows are prepared once per
 * load (search text lower-cased, owner kind), sorted once per sort change, and a keystroke only filters.
 */
import type { Snapshot } from '../../api/schemas';
import { ownerKind, type OwnerKind } from '../../lib/owner';
import type { SortKey } from './list-state';

export interface Row {
  snapshot: Snapshot;
  owner: OwnerKind;
  created: number;
  haystack: string;
}

export function prepareRows(snapshots: Snapshot[], me: string): Row[] {
  return snapshots.map((snapshot) => ({
    snapshot,
    owner: ownerKind(snapshot, me),
    created: Date.parse(snapshot.CreationDate),
    haystack: [
      snapshot.SnapshotId,
      snapshot.Description ?? '',
      ...snapshot.Tags.map((tag) => `${tag.Key}=${tag.Value}`),
    ]
      .join('\n')
      .toLowerCase(),
  }));
}

const OWNER_ORDER: Record<OwnerKind, number> = { mine: 0, shared: 1, public: 2 };

const compare: Record<SortKey, (a: Row, b: Row) => number> = {
  id: (a, b) => a.snapshot.SnapshotId.localeCompare(b.snapshot.SnapshotId),
  description: (a, b) => (a.snapshot.Description ?? '').localeCompare(b.snapshot.Description ?? ''),
  volume: (a, b) => (a.snapshot.VolumeId ?? '').localeCompare(b.snapshot.VolumeId ?? ''),
  size: (a, b) => a.snapshot.VolumeSize - b.snapshot.VolumeSize,
  state: (a, b) => a.snapshot.State.localeCompare(b.snapshot.State),
  progress: (a, b) => a.snapshot.Progress - b.snapshot.Progress,
  owner: (a, b) => OWNER_ORDER[a.owner] - OWNER_ORDER[b.owner] || a.snapshot.AccountId.localeCompare(b.snapshot.AccountId),
  created: (a, b) => a.created - b.created,
};

/** A stable sort: ties keep creation order, then ID, so the view never jumps. */
export function sortRows(rows: Row[], key: SortKey, dir: 'asc' | 'desc'): Row[] {
  const sign = dir === 'asc' ? 1 : -1;
  const by = compare[key];
  return [...rows].sort(
    (a, b) =>
      sign * by(a, b) || sign * (a.created - b.created) || sign * a.snapshot.SnapshotId.localeCompare(b.snapshot.SnapshotId),
  );
}

/** Every word of the query must appear in the ID, the description or a tag (`key=value`). */
export function searchRows(rows: Row[], query: string | undefined): Row[] {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => words.every((word) => row.haystack.includes(word)));
}
