import { beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../api/schemas';
import { rangeIndexes, selectionStore, type Selected } from './selection-store';

const row = (n: number, size = 10): Selected => ({ snapshot: { SnapshotId: `snap-${String(n).padStart(8, '0')}`, VolumeSize: size } as Snapshot, owner: 'mine' });
const rows = Array.from({ length: 50 }, (_, i) => row(i, i + 1));

describe('selection store', () => {
  beforeEach(() => selectionStore.clear());

  it('range from the anchor, either direction; no anchor: the row alone', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(rangeIndexes(ids, 'b', 3)).toEqual([1, 3]);
    expect(rangeIndexes(ids, 'd', 0)).toEqual([0, 3]);
    expect(rangeIndexes(ids, undefined, 2)).toEqual([2, 2]);
    expect(rangeIndexes(ids, 'gone', 4)).toEqual([4, 4]);
  });

  it('toggle, then shift-extend selects the range and keeps count and GiB', () => {
    selectionStore.toggle(rows[2]!);
    selectionStore.extend(rows, 21, true);
    const view = selectionStore.get();
    expect(view.count).toBe(20);
    // sizes 3..22
    expect(view.gib).toBe(((3 + 22) * 20) / 2);
    expect(selectionStore.has(rows[21]!.snapshot.SnapshotId)).toBe(true);
    expect(selectionStore.has(rows[22]!.snapshot.SnapshotId)).toBe(false);
    // extending upward from the same anchor unselects when asked
    selectionStore.extend(rows, 10, false);
    expect(selectionStore.get().count).toBe(11);
  });

  it('select all is one change; remove and clear keep the total right', () => {
    let calls = 0;
    const stop = selectionStore.subscribe(() => calls++);
    selectionStore.set(rows, true);
    expect(calls).toBe(1);
    expect(selectionStore.get()).toMatchObject({ count: 50, gib: (51 * 50) / 2 });
    selectionStore.set(rows, true);
    expect(calls).toBe(1);
    selectionStore.remove([rows[0]!.snapshot.SnapshotId, 'snap-missing']);
    expect(selectionStore.get()).toMatchObject({ count: 49, gib: (51 * 50) / 2 - 1 });
    selectionStore.clear();
    expect(selectionStore.get()).toMatchObject({ count: 0, gib: 0 });
    stop();
  });

  it('another account clears the selection', () => {
    selectionStore.setAccount('111111111111');
    selectionStore.set(rows.slice(0, 3), true);
    selectionStore.setAccount('111111111111');
    expect(selectionStore.get().count).toBe(3);
    selectionStore.setAccount('222222222222');
    expect(selectionStore.get().count).toBe(0);
  });
});
