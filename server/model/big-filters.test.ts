/**
 * Every list filter, at any size the 512 KiB body allows, gets a correct answer: each list is one bound JSON
 * array, so neither SQLite's expression depth (about 1,000) nor its bound-parameter limit (32,766) is reached.
 */
import { describe, expect, it } from 'vitest';
import { OPERATOR, setup } from '../test-kit';

const filler = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));

describe('list filters with thousands of entries', () => {
  const kit = setup();
  const all = kit.snapshots();
  const tagged = all.find((s) => s.Tags.length > 0)!;
  const tag = tagged.Tags[0]!;
  const expectedByPair = all.filter((s) => s.Tags.some((t) => t.Key === tag.Key && t.Value === tag.Value)).map((s) => s.SnapshotId).sort();
  const ids = (filters: object) => kit.snapshots(filters).map((s) => s.SnapshotId).sort();

  it.each([500, 5_000, 40_000])('Tags with %i entries: the one real pair still matches, the others add nothing', (n) => {
    const entries = filler(n, (i) => `no-such-key-${i}=v${i}`);
    entries.splice(n >> 1, 0, `${tag.Key}=${tag.Value}`);
    expect(ids({ Tags: entries })).toEqual(expectedByPair);
    expect(ids({ Tags: filler(n, (i) => `k${i}=v${i}`) })).toEqual([]);
  });

  it('Tags mixes KEY=VALUE entries and bare keys, split at the first "="', () => {
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!;
    kit.call('CreateTags', { ResourceIds: [tagged.SnapshotId, volume.VolumeId], Tags: [{ Key: 'big-filter', Value: 'a=b' }] });
    const entries = [...filler(3_000, (i) => `k${i}`), 'big-filter=a=b'];
    expect(ids({ Tags: entries })).toEqual([tagged.SnapshotId]);
    expect(ids({ Tags: [...filler(3_000, (i) => `k${i}=x`), 'big-filter'] })).toEqual([tagged.SnapshotId]);
    expect(ids({ Tags: ['big-filter=a'] })).toEqual([]);
    expect(kit.call('ReadVolumes', { Filters: { Tags: entries } }).Volumes!.map((v) => v.VolumeId)).toEqual([volume.VolumeId]);
    expect(kit.call('ReadVolumes', { Filters: { TagKeys: [...filler(5_000, (i) => `k${i}`), 'big-filter'] } }).Volumes!.map((v) => v.VolumeId)).toEqual([volume.VolumeId]);
    expect(kit.call('ReadVolumes', { Filters: { TagValues: [...filler(5_000, (i) => `v${i}`), 'a=b'] } }).Volumes!.map((v) => v.VolumeId)).toEqual([volume.VolumeId]);
    kit.call('DeleteTags', { ResourceIds: [tagged.SnapshotId, volume.VolumeId], Tags: [{ Key: 'big-filter', Value: '' }] });
  });

  it('every other list filter of ReadSnapshots and ReadVolumes takes 40,000 entries', () => {
    const target = all.find((s) => s.AccountId === OPERATOR && s.VolumeId && s.Tags.length > 0)!;
    const noise = (prefix: string) => filler(40_000, (i) => `${prefix}${i.toString(16).padStart(8, '0')}`);
    const numbers = filler(40_000, (i) => String(100_000 + i)).map(Number);
    const lists: [string, unknown[]][] = [
      ['SnapshotIds', [...noise('snap-'), target.SnapshotId]],
      ['AccountIds', [...noise('9999'), target.AccountId]],
      ['AccountAliases', [...noise('alias-'), 'demo-operator']],
      ['ClientTokens', noise('token-')],
      ['Descriptions', [...noise('d-'), target.Description]],
      ['VolumeIds', [...noise('vol-'), target.VolumeId]],
      ['VolumeSizes', [...numbers, target.VolumeSize]],
      ['States', [...noise('state-'), target.State]],
      ['Progresses', [...numbers, target.Progress]],
      ['PermissionsToCreateVolumeAccountIds', noise('8888')],
      ['TagKeys', [...noise('key-'), target.Tags[0]!.Key]],
      ['TagValues', [...noise('value-'), target.Tags[0]!.Value]],
    ];
    for (const [name, values] of lists) {
      const found = ids({ [name]: values });
      if (name === 'ClientTokens' || name === 'PermissionsToCreateVolumeAccountIds') expect(found, name).toEqual([]);
      else expect(found, name).toContain(target.SnapshotId);
    }
    const volumes = kit.call('ReadVolumes', {}).Volumes!;
    const v = volumes[0]!;
    const volumeLists: [string, unknown[]][] = [
      ['VolumeIds', [...noise('vol-'), v.VolumeId]],
      ['VolumeStates', [...noise('s-'), v.State]],
      ['VolumeTypes', [...noise('t-'), v.VolumeType]],
      ['VolumeSizes', [...numbers, v.Size]],
      ['SubregionNames', [...noise('r-'), v.SubregionName]],
      ['CreationDates', [...filler(40_000, (i) => new Date(Date.UTC(2000, 0, 1) + i * 1000).toISOString()), v.CreationDate]],
    ];
    for (const [name, values] of volumeLists) {
      expect(kit.call('ReadVolumes', { Filters: { [name]: values } }).Volumes!.map((x) => x.VolumeId), name).toContain(v.VolumeId);
    }
  });
});
