import { describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_RESOURCE } from '../../src/api/limits';
import { expectOscError, OPERATOR, PARTNER, setup } from '../test-kit';

describe('CreateTags and DeleteTags', () => {
  it('adds tags, replaces a value for the same key, and deletes by key or by exact pair', () => {
    const kit = setup();
    const [a, b] = kit.snapshots({ AccountIds: [OPERATOR], TagKeys: ['backup'] });
    if (!a || !b) throw new Error('the seed tags several snapshots with backup');
    kit.call('CreateTags', { ResourceIds: [a.SnapshotId, b.SnapshotId], Tags: [{ Key: 'owner', Value: 'olivia' }, { Key: 'backup', Value: 'hourly' }] });
    const tagsOf = (id: string) => kit.snapshots({ SnapshotIds: [id] })[0]!.Tags;
    expect(tagsOf(a.SnapshotId)).toEqual(expect.arrayContaining([{ Key: 'owner', Value: 'olivia' }, { Key: 'backup', Value: 'hourly' }]));
    expect(tagsOf(a.SnapshotId).filter((t) => t.Key === 'backup')).toHaveLength(1);
    kit.call('DeleteTags', { ResourceIds: [a.SnapshotId], Tags: [{ Key: 'owner', Value: 'someone-else' }] });
    expect(tagsOf(a.SnapshotId)).toContainEqual({ Key: 'owner', Value: 'olivia' });
    kit.call('DeleteTags', { ResourceIds: [a.SnapshotId], Tags: [{ Key: 'owner', Value: 'olivia' }, { Key: 'backup', Value: '' }] });
    expect(tagsOf(a.SnapshotId).map((t) => t.Key)).not.toContain('owner');
    expect(tagsOf(a.SnapshotId).map((t) => t.Key)).not.toContain('backup');
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!;
    kit.call('CreateTags', { ResourceIds: [volume.VolumeId], Tags: [{ Key: 'tier', Value: 'gold' }] });
    expect(kit.call('ReadVolumes', { Filters: { Tags: ['tier=gold'] } }).Volumes!.map((v) => v.VolumeId)).toEqual([volume.VolumeId]);
  });

  it('checks IDs, ownership, lengths and the per-resource limit, all or nothing', () => {
    const kit = setup();
    const own = kit.snapshots({ AccountIds: [OPERATOR] })[0]!;
    const shared = kit.snapshots({ AccountIds: [PARTNER] })[0]!;
    const tag = [{ Key: 'k', Value: 'v' }];
    expectOscError(() => kit.call('CreateTags', { ResourceIds: ['snap-00000000'], Tags: tag }), 400, '5054', 'InvalidResource');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: ['vol-00000000'], Tags: tag }), 400, '5064', 'InvalidResource');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: ['snap-xyz'], Tags: tag }), 400, '4105', 'InvalidParameterValue');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: ['ami-12345678'], Tags: tag }), 400, '4104', 'InvalidParameterValue');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: [shared.SnapshotId], Tags: tag }), 401, '4', 'AccessDenied');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: [own.SnapshotId], Tags: [{ Key: '', Value: 'v' }] }), 400, '4047', 'InvalidParameterValue');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: [own.SnapshotId], Tags: [{ Key: 'k', Value: 'v'.repeat(256) }] }), 400, '4047', 'InvalidParameterValue');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: [own.SnapshotId, 'snap-00000000'], Tags: tag }), 400, '5054', 'InvalidResource');
    expect(kit.snapshots({ SnapshotIds: [own.SnapshotId] })[0]!.Tags).toEqual(own.Tags);
    const many = Array.from({ length: MAX_TAGS_PER_RESOURCE + 1 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    expectOscError(() => kit.call('CreateTags', { ResourceIds: [own.SnapshotId], Tags: many }), 400, '10041', 'TooManyResources (QuotaExceded)');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: [own.SnapshotId], Tags: [] }), 400, '4047', 'InvalidParameterValue');
  });
});
