import { describe, expect, it } from 'vitest';
import type { Snapshot, Volume } from '../../api/schemas';
import {
  countFilters,
  invalidVolumeParams,
  parseVolumeView,
  searchVolumeRows,
  serializeVolumeView,
  snapshotsOfVolumeHref,
  sortVolumeRows,
  statsByVolume,
  toFiltersVolume,
  volumeRows,
} from './volume-list';

const snap = (id: string, volume: string | undefined, created: string): Snapshot => ({
  AccountId: '123456789012',
  CreationDate: created,
  PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
  Progress: 100,
  SnapshotId: id,
  State: 'completed',
  Tags: [],
  ...(volume ? { VolumeId: volume } : {}),
  VolumeSize: 10,
});
const vol = (id: string, size: number, extra: Partial<Volume> = {}): Volume => ({
  CreationDate: '2026-01-01T00:00:00.000Z',
  LinkedVolumes: [],
  Size: size,
  State: 'available',
  SubregionName: 'eu-west-2a',
  Tags: [],
  VolumeId: id,
  VolumeType: 'gp2',
  ...extra,
});

describe('counts per volume', () => {
  it('counts each volume’s snapshots and keeps the latest one, whatever the order they come in', () => {
    const stats = statsByVolume([
      snap('snap-00000002', 'vol-0000000a', '2026-03-01T00:00:00.000Z'),
      snap('snap-00000001', 'vol-0000000a', '2026-05-01T00:00:00.000Z'),
      snap('snap-00000003', 'vol-0000000a', '2026-04-01T00:00:00.000Z'),
      snap('snap-00000004', 'vol-0000000b', '2026-01-01T00:00:00.000Z'),
      snap('snap-00000005', undefined, '2026-06-01T00:00:00.000Z'),
    ]);
    expect(stats.get('vol-0000000a')).toMatchObject({ count: 3, latest: { SnapshotId: 'snap-00000001' } });
    expect(stats.get('vol-0000000b')).toMatchObject({ count: 1, latest: { SnapshotId: 'snap-00000004' } });
    expect(stats.size).toBe(2);
  });

  it('a volume without snapshots counts 0 once the counts are read, and is unknown before', () => {
    const volumes = [vol('vol-0000000a', 10), vol('vol-0000000c', 30)];
    const rows = volumeRows(volumes, statsByVolume([snap('snap-00000001', 'vol-0000000a', '2026-01-01T00:00:00.000Z')]));
    expect(rows.map((r) => r.stats?.count)).toEqual([1, 0]);
    expect(volumeRows(volumes, undefined)[0]!.stats).toBeUndefined();
  });

  it('one ReadSnapshots for every listed volume (own snapshots), none when there is no volume', () => {
    expect(countFilters(['vol-0000000b', 'vol-0000000a'], '123456789012')).toEqual({ AccountIds: ['123456789012'], VolumeIds: ['vol-0000000a', 'vol-0000000b'] });
    expect(countFilters([], '123456789012')).toBeUndefined();
    // the count's link shows the same reads in the snapshots list
    expect(snapshotsOfVolumeHref('vol-0000000a')).toBe('/?owner=mine&volume=vol-0000000a');
  });
});

describe('the view in the URL', () => {
  it('round-trips, leaving defaults out, and maps the filters to ReadVolumes', () => {
    const view = parseVolumeView(new URLSearchParams('state=in-use&type=io1&subregion=eu-west-2b&q=app&sort=snapshots&dir=desc'));
    expect(view).toEqual({ state: 'in-use', type: 'io1', subregion: 'eu-west-2b', q: 'app', sort: 'snapshots', dir: 'desc' });
    expect(parseVolumeView(new URLSearchParams(serializeVolumeView(view)))).toEqual(view);
    expect(toFiltersVolume(view)).toEqual({ VolumeStates: ['in-use'], VolumeTypes: ['io1'], SubregionNames: ['eu-west-2b'] });
    expect(serializeVolumeView(parseVolumeView(new URLSearchParams()))).toBe('');
    expect(toFiltersVolume(parseVolumeView(new URLSearchParams()))).toEqual({});
  });

  it('names and drops values that make no sense', () => {
    const params = new URLSearchParams('state=bogus&type=gp2&subregion=nowhere&sort=colour');
    expect(parseVolumeView(params)).toEqual({ type: 'gp2', sort: 'id', dir: 'asc' });
    expect(invalidVolumeParams(params)).toEqual(['state', 'subregion', 'sort']);
  });
});

describe('sort and search', () => {
  const rows = volumeRows(
    [
      vol('vol-0000000a', 100, { Tags: [{ Key: 'Name', Value: 'app-disk' }], LinkedVolumes: [{ VmId: 'i-12345678' }] }),
      vol('vol-0000000b', 10, { Tags: [{ Key: 'env', Value: 'prod' }] }),
      vol('vol-0000000c', 50),
    ],
    statsByVolume([
      snap('snap-00000001', 'vol-0000000b', '2026-01-01T00:00:00.000Z'),
      snap('snap-00000002', 'vol-0000000b', '2026-02-01T00:00:00.000Z'),
      snap('snap-00000003', 'vol-0000000c', '2026-03-01T00:00:00.000Z'),
    ]),
  );
  const ids = (list: readonly { volume: Volume }[]) => list.map((r) => r.volume.VolumeId.slice(-1));

  it('sorts by size, count and latest snapshot, ties by ID', () => {
    expect(ids(sortVolumeRows(rows, 'size', 'asc'))).toEqual(['b', 'c', 'a']);
    expect(ids(sortVolumeRows(rows, 'snapshots', 'desc'))).toEqual(['b', 'c', 'a']);
    expect(ids(sortVolumeRows(rows, 'latest', 'desc'))).toEqual(['c', 'b', 'a']);
    expect(ids(sortVolumeRows(rows, 'name', 'asc'))).toEqual(['b', 'c', 'a']);
  });

  it('searches ID, tags and attached VM, every word, case ignored', () => {
    expect(ids(searchVolumeRows(rows, 'APP'))).toEqual(['a']);
    expect(ids(searchVolumeRows(rows, 'i-1234'))).toEqual(['a']);
    expect(ids(searchVolumeRows(rows, 'env=prod vol-'))).toEqual(['b']);
    expect(searchVolumeRows(rows, '  ')).toBe(rows);
    expect(searchVolumeRows(rows, 'nothing')).toEqual([]);
  });
});
