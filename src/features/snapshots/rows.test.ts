import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { markMatches } from './highlight';
import { prepareRows, searchRows, searchWords, sortRows } from './rows';

const ME = '111111111111';
const snap = (id: string, extra: Partial<Snapshot>): Snapshot => ({
  AccountId: ME, CreationDate: '2026-01-01T00:00:00.000Z', PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
  Progress: 100, SnapshotId: id, State: 'completed', Tags: [], VolumeSize: 10, ...extra,
});
const rows = prepareRows([
  snap('snap-00000001', { Description: 'Nightly backup', VolumeSize: 50, CreationDate: '2026-01-03T00:00:00.000Z' }),
  snap('snap-00000002', { Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'Name', Value: 'web-1' }], VolumeSize: 10, State: 'pending', Progress: 40 }),
  snap('snap-00000003', { Tags: [{ Key: 'Name', Value: 'db' }], AccountId: '222222222222', PermissionsToCreateVolume: { AccountIds: [ME], GlobalPermission: false }, CreationDate: '2026-01-02T00:00:00.000Z' }),
], ME);
const ids = (list: typeof rows) => list.map((r) => r.snapshot.SnapshotId.slice(-1)).join('');

describe('search and sort', () => {
  it('searches ID, description and tags, every word, case-insensitively', () => {
    expect(ids(searchRows(rows, 'NIGHTLY'))).toBe('1');
    expect(ids(searchRows(rows, 'env=prod'))).toBe('2');
    expect(ids(searchRows(rows, 'snap-0000000'))).toBe('123');
    expect(ids(searchRows(rows, 'nightly prod'))).toBe('');
    expect(searchRows(rows, '  ')).toBe(rows);
  });

  it('sorts by any column both ways, ties broken by creation date then ID', () => {
    expect(ids(sortRows(rows, 'size', 'asc'))).toBe('231');
    expect(ids(sortRows(rows, 'created', 'desc'))).toBe('132');
    expect(ids(sortRows(rows, 'progress', 'asc'))).toBe('231');
    expect(ids(sortRows(rows, 'owner', 'asc'))).toBe('213');
    expect(ids(sortRows(rows, 'state', 'desc'))).toBe('213');
  });
});

describe('sorting again after a poll', () => {
  const list = prepareRows(
    Array.from({ length: 40 }, (_, i) =>
      snap(`snap-${String(i).padStart(8, '0')}`, { CreationDate: new Date(Date.UTC(2026, 0, 1 + (i % 7), i)).toISOString(), Progress: (i * 37) % 100, State: i % 3 ? 'completed' : 'pending' }),
    ),
    ME,
  );
  const fresh = (rows: typeof list, key: Parameters<typeof sortRows>[1], dir: 'asc' | 'desc') => [...rows].sort((a, b) => {
    // An independent full sort to compare with (the same total order: the key, then creation, then ID).
    const sign = dir === 'asc' ? 1 : -1;
    const value = (row: (typeof list)[number]) => (key === 'progress' ? row.snapshot.Progress : row.created);
    return sign * (value(a) - value(b)) || sign * (a.created - b.created) || sign * a.snapshot.SnapshotId.localeCompare(b.snapshot.SnapshotId);
  });
  // A poll: new snapshot objects for a few rows (progress moved), the same order of rows.
  const polled = (rows: typeof list, indexes: number[]) =>
    rows.map((row, i) => (indexes.includes(i) ? prepareRows([{ ...row.snapshot, Progress: (row.snapshot.Progress + 50) % 100 }], ME)[0]! : row));

  it('gives what a full sort gives when a poll changes rows in place, whatever the key', () => {
    for (const key of ['created', 'progress'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        expect(sortRows(list, key, dir)).toEqual(fresh(list, key, dir));
        const next = polled(list, [0, 5, 17]);
        expect(sortRows(next, key, dir)).toEqual(fresh(next, key, dir));
        const after = polled(next, [5, 39]);
        expect(sortRows(after, key, dir)).toEqual(fresh(after, key, dir));
        const shorter = after.slice(1);
        expect(sortRows(shorter, key, dir)).toEqual(fresh(shorter, key, dir));
      }
    }
  });

  it('keeps the sorted rows (and so the search results) when nothing moved', () => {
    const sorted = sortRows(list, 'created', 'desc');
    expect(sortRows([...list], 'created', 'desc')).toBe(sorted);
    const moved = sortRows(polled(list, [3]), 'created', 'desc');
    expect(moved).not.toBe(sorted);
    expect(moved.map((row) => row.snapshot.SnapshotId)).toEqual(sorted.map((row) => row.snapshot.SnapshotId));
  });
});

describe('search as you type', () => {
  // 300 rows, each with a numbered description: "#1" matches 111 of them, "#12" 11, "#123" 1.
  const many = prepareRows(
    Array.from({ length: 300 }, (_, i) => snap(`snap-${String(i).padStart(8, '0')}`, { Description: `weekly #${i}`, Tags: i % 2 ? [{ Key: 'env', Value: 'prod' }] : [] })),
    ME,
  );
  const plain = (list: typeof many, query: string) => list.filter((row) => searchWords(query).every((word) => row.haystack.includes(word)));

  it('gives what a search of every row gives, keystroke after keystroke, forward and back', () => {
    const sorted = sortRows(many, 'created', 'desc');
    const typed = ['#', '#1', '#12', '#123', '#12', '#1', '#', 'w', 'we', 'weekly', 'weekly pr', 'weekly prod', 'weekly prod #2', 'prod #2', '#2', 'ly #2', 'PROD', 'env=prod #1', '#1 env=prod', 'zzz', 'zzz1'];
    for (const query of typed) expect(searchRows(sorted, query), query).toEqual(plain(sorted, query));
  });

  it('filters the earlier result when a keystroke narrows it, and returns the same result for the same search', () => {
    const sorted = sortRows(many, 'size', 'asc');
    const wide = searchRows(sorted, '#1');
    // A row that the earlier result left out is not looked at again: change one outside it and search narrower.
    const outside = sorted.find((row) => !wide.includes(row))!;
    const haystack = outside.haystack;
    outside.haystack = `${haystack} #12`;
    try {
      expect(searchRows(sorted, '#12')).not.toContain(outside);
      expect(searchRows(sorted, '#1')).toBe(wide);
      // Another rows array (a new sort, a new page) is searched in full.
      expect(searchRows([...sorted], '#12')).toContain(outside);
    } finally {
      outside.haystack = haystack;
    }
  });
});

describe('Name and highlighting', () => {
  it('takes the Name tag as the name, sorts and searches by it', () => {
    expect(rows.map((r) => r.name)).toEqual(['', 'web-1', 'db']);
    expect(ids(sortRows(rows, 'name', 'asc'))).toBe('132');
    expect(ids(searchRows(rows, 'WEB'))).toBe('2');
  });

  it('marks every match of every word, case-insensitively, merging overlaps', () => {
    const marked = (text: string, query: string) => markMatches(text, searchWords(query)).map((p) => (p.match ? `[${p.text}]` : p.text)).join('');
    expect(marked('Nightly backup', 'night')).toBe('[Night]ly backup');
    expect(marked('env=prod, team=prod', 'PROD')).toBe('env=[prod], team=[prod]');
    expect(marked('abcdef', 'abc cde')).toBe('[abcde]f');
    expect(marked('abcdef', 'bc ef')).toBe('a[bc]d[ef]');
    expect(marked('aaaa', 'aa')).toBe('[aaaa]');
    expect(marked('nothing here', 'zzz')).toBe('nothing here');
    expect(marked('text', '')).toBe('text');
  });
});
