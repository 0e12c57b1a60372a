import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../api/schemas';
import { markMatches, prepareRows, searchRows, searchWords, sortRows } from './rows';

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
