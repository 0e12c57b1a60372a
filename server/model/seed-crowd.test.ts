import { describe, expect, it } from 'vitest';
import { setup, OPERATOR, PARTNER } from '../test-kit';
import { DEMO_PUBLISHER } from './seed';

describe('the public crowd of the seed', () => {
  it('adds a publisher whose public OS-image snapshots every account sees, and nothing else changes', () => {
    const plain = setup();
    const crowded = setup({}, ':memory:', { publicSnapshots: 240 });
    const publisher = crowded.snapshots({ AccountIds: [DEMO_PUBLISHER.accountId] });
    expect(publisher).toHaveLength(240);
    expect(publisher.every((s) => s.PermissionsToCreateVolume.GlobalPermission && s.State === 'completed')).toBe(true);
    expect(publisher.every((s) => s.AccountAlias === 'outscale-publisher')).toBe(true);
    const names = publisher.map((s) => s.Tags.find((tag) => tag.Key === 'Name')?.Value ?? '');
    expect(names.every((name) => /^[A-Za-z][\w.-]+-\d{4}\.\d{2}\.\d{2}-\d$/.test(name))).toBe(true);
    expect(new Set(names).size).toBe(240);
    // Every account sees them; the operator's own and shared lists are those of the plain seed.
    expect(crowded.snapshots({ PermissionsToCreateVolumeGlobalPermission: true }, PARTNER).length).toBe(241);
    expect(crowded.snapshots({ AccountIds: [OPERATOR] }).map((s) => s.SnapshotId)).toEqual(plain.snapshots({ AccountIds: [OPERATOR] }).map((s) => s.SnapshotId));
    expect(crowded.snapshots({ PermissionsToCreateVolumeAccountIds: [OPERATOR] })).toEqual(plain.snapshots({ PermissionsToCreateVolumeAccountIds: [OPERATOR] }));
    expect(crowded.snapshots().length).toBe(plain.snapshots().length + 240);
  });

  it('leaves the publisher out when there is no crowd', () => {
    const plain = setup();
    expect(plain.store.listAccounts().map((a) => a.Role)).toEqual(['operator', 'partner', 'abroad', 'operator']);
    expect(setup({}, ':memory:', { publicSnapshots: 1 }).store.listAccounts().map((a) => a.Role)).toEqual(['operator', 'partner', 'publisher', 'abroad', 'operator']);
  });
});
