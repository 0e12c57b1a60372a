import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { markMatches } from './highlight';
import { indexRows, prepareRows, searchRows, searchWords, sortRows } from './rows';

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

describe('search over an index (lists of thousands)', () => {
  // 6,000 rows: more than the few thousand below which a narrowed search scans rows instead of the index.
  const big = prepareRows(
    Array.from({ length: 6000 }, (_, i) =>
      snap(`snap-${String(i).padStart(8, '0')}`, {
        Description: i % 3 ? `Weekly archive #${i}` : `Bulk snapshot #${i}`,
        Tags: i % 2 ? [{ Key: 'backup', Value: i % 4 === 1 ? 'weekly' : 'daily' }] : [],
        CreationDate: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      }),
    ),
    ME,
  );
  const plain = (list: typeof big, query: string) => list.filter((row) => searchWords(query).every((word) => row.haystack.includes(word)));

  it('gives what a search of every row gives, keystroke after keystroke, forward and back', () => {
    const sorted = sortRows(big, 'created', 'desc');
    indexRows(sorted);
    const typed = ['#', '#1', '#12', '#1', '#', 'w', 'we', 'wee', 'weekly', 'weekly d', 'weekly daily', 'daily weekly', 'y #5', 's', 'snap-00005999', 'snap-00000000', '\n', 'zzz', '#4', 'BULK #59'];
    for (const query of typed) expect(searchRows(sorted, query), query).toEqual(plain(sorted, query));
  });

  it('searches the index once built, and keeps it over a poll that changes no searched words', () => {
    const sorted = sortRows(big, 'created', 'asc');
    indexRows(sorted);
    // The index holds the haystacks as they were: a row changed behind its back shows that the index was read.
    const row = sorted[10]!;
    const haystack = row.haystack;
    row.haystack = `${haystack}\nqqq`;
    try {
      expect(searchRows(sorted, 'qqq')).toEqual([]);
      expect(searchRows([...sorted], 'qqq')).toEqual([row]);
    } finally {
      row.haystack = haystack;
    }
    // A poll: new objects for a few rows, Progress moved, same order and same words: the index is reused.
    const polled = big.map((r, i) => (i % 1000 === 7 ? prepareRows([{ ...r.snapshot, Progress: 40 }], ME)[0]! : r));
    const next = sortRows(polled, 'created', 'asc');
    expect(next).not.toBe(sorted);
    const other = next[20]!;
    const otherHaystack = other.haystack;
    other.haystack = `${otherHaystack}\nqqq`;
    try {
      expect(searchRows(next, 'qqq')).toEqual([]);
    } finally {
      other.haystack = otherHaystack;
    }
    expect(searchRows(next, 'weekly #1')).toEqual(plain(next, 'weekly #1'));
    // A poll that changes a tag: that list is not searched through the old index.
    const retagged = polled.map((r, i) => (i === 3 ? prepareRows([{ ...r.snapshot, Tags: [{ Key: 'team', Value: 'storage' }] }], ME)[0]! : r));
    const after = sortRows(retagged, 'created', 'asc');
    expect(searchRows(after, 'team=storage')).toEqual(plain(after, 'team=storage'));
    expect(searchRows(after, 'team=storage')).toHaveLength(1);
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
