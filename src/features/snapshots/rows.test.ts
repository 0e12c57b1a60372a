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
