/**
 * The snapshots the operator has selected for a bulk action (issue 13 item 1): shared by the list
 * (src/features/snapshots, which checks rows) and the bulk bar and dialogs (src/features/bulk, which act on them).
 * Lookups are O(1) (a Map by ID); the total size is kept as rows come and go, so the bar never sums 50,000 rows.
 * Not persisted; cleared when another account connects.
 */
import { useSyncExternalStore } from 'react';
import type { Snapshot } from '../api/schemas';
import type { OwnerKind } from './owner';

export interface Selected {
  snapshot: Snapshot;
  owner: OwnerKind;
}

export interface SelectionView {
  count: number;
  /** Sum of the selected snapshots' VolumeSize (GiB). */
  gib: number;
  /** Bumped on each change: what a list re-renders on. */
  version: number;
}

let account = '';
let selected = new Map<string, Selected>();
/** The row a shift-click or Shift+Space extends from (its ID, so a re-sort does not move it). */
let anchor: string | undefined;
let view: SelectionView = { count: 0, gib: 0, version: 0 };
const listeners = new Set<() => void>();

function changed(gib = view.gib) {
  view = { count: selected.size, gib, version: view.version + 1 };
  listeners.forEach((listener) => listener());
}

/** The indexes from the anchor's to `index`, both included (the anchor missing from `ids`: only `index`). */
export function rangeIndexes(ids: readonly string[], anchorId: string | undefined, index: number): [number, number] {
  const from = anchorId === undefined ? -1 : ids.indexOf(anchorId);
  if (from < 0) return [index, index];
  return from <= index ? [from, index] : [index, from];
}

export const selectionStore = {
  /** The account the selection belongs to: another one clears it. */
  setAccount(id: string) {
    if (id === account) return;
    account = id;
    if (selected.size > 0) selectionStore.clear();
  },
  has: (id: string) => selected.has(id),
  get: (): SelectionView => view,
  /** The selected snapshots, in the order they were selected. */
  items: (): Selected[] => [...selected.values()],
  anchor: () => anchor,
  toggle(item: Selected, on = !selected.has(item.snapshot.SnapshotId)) {
    anchor = item.snapshot.SnapshotId;
    selectionStore.set([item], on);
  },
  /** Selects (or unselects) many at once: one change, one re-render. */
  set(items: readonly Selected[], on: boolean) {
    let gib = view.gib;
    let touched = false;
    for (const item of items) {
      const id = item.snapshot.SnapshotId;
      const had = selected.get(id);
      if (on && !had) {
        selected.set(id, item);
        gib += item.snapshot.VolumeSize;
        touched = true;
      } else if (!on && had) {
        selected.delete(id);
        gib -= had.snapshot.VolumeSize;
        touched = true;
      }
    }
    if (touched) changed(gib);
  },
  /** Shift-click / Shift+Space on row `index` of `rows`: from the anchor to it takes the state `on`. */
  extend(rows: readonly Selected[], index: number, on = true) {
    const ids = rows.map((row) => row.snapshot.SnapshotId);
    const [lo, hi] = rangeIndexes(ids, anchor, index);
    const target = rows[index];
    selectionStore.set(rows.slice(lo, hi + 1), on);
    if (target && anchor === undefined) anchor = target.snapshot.SnapshotId;
  },
  /** Drops what is no longer there (deleted), keeping the rest. */
  remove(ids: readonly string[]) {
    selectionStore.set(ids.map((id) => selected.get(id)).filter((item): item is Selected => item !== undefined), false);
  },
  clear() {
    anchor = undefined;
    if (selected.size === 0) return;
    selected = new Map();
    changed(0);
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

export function useSelection(): SelectionView {
  return useSyncExternalStore(selectionStore.subscribe, selectionStore.get);
}

/** Where a bulk copy's queue is kept in this tab (src/lib/bulk-queue.ts sessionStorageAdapter): per account. */
export const bulkCopyKey = (accountId: string) => `snapshot-console.bulk-copy.${accountId}`;

/** Whether a bulk copy of this account was left unfinished in this tab (a reload mid-queue): the page offers to resume. */
export function hasStoredBulkCopy(accountId: string): boolean {
  try {
    return sessionStorage.getItem(bulkCopyKey(accountId)) !== null;
  } catch {
    return false;
  }
}
