import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../api/schemas';
import { matchesFilters } from './filter-match';

const snap: Snapshot = {
  SnapshotId: 'snap-0000aaaa', AccountId: '339215505907', AccountAlias: 'demo-operator', ClientToken: 'tok', CreationDate: '2026-11-24T10:00:00.000Z',
  Description: 'Copy of x', PermissionsToCreateVolume: { AccountIds: ['726094853215'], GlobalPermission: false }, Progress: 0, State: 'pending',
  Tags: [{ Key: 'copied-from', Value: 'snap-1111bbbb' }, { Key: 'env', Value: 'a=b' }], VolumeId: 'vol-12345678', VolumeSize: 10,
};

describe('matchesFilters (what the server would list)', () => {
  it.each([
    [{}, true],
    [{ States: ['completed'] }, false],
    [{ States: ['pending', 'completed'] }, true],
    [{ AccountIds: ['339215505907'] }, true],
    [{ AccountIds: ['726094853215'] }, false],
    [{ PermissionsToCreateVolumeGlobalPermission: true }, false],
    [{ PermissionsToCreateVolumeAccountIds: ['726094853215'] }, true],
    [{ PermissionsToCreateVolumeAccountIds: ['339215505907'] }, false],
    [{ Tags: ['copied-from=snap-1111bbbb'] }, true],
    [{ Tags: ['copied-from=snap-2222cccc'] }, false],
    [{ Tags: ['env=a=b'] }, true],
    [{ Tags: ['env=a'] }, false],
    [{ Tags: ['env'] }, true],
    [{ TagKeys: ['nope'] }, false],
    [{ TagValues: ['a=b'] }, true],
    [{ VolumeIds: ['vol-87654321'] }, false],
    [{ FromCreationDate: '2026-11-24', ToCreationDate: '2026-11-24' }, true],
    [{ FromCreationDate: '2026-11-25' }, false],
    [{ ToCreationDate: '2026-11-23T23:59:59.999Z' }, false],
    [{ ClientTokens: ['tok'], SnapshotIds: ['snap-0000aaaa'], Descriptions: ['Copy of x'], VolumeSizes: [10], Progresses: [0], AccountAliases: ['demo-operator'] }, true],
    [{ Descriptions: ['other'] }, false],
  ])('%j → %s', (filters, expected) => {
    expect(matchesFilters(snap, filters)).toBe(expected);
  });

  it('cannot judge a filter it does not know', () => {
    expect(matchesFilters(snap, { Colour: ['blue'] } as never)).toBeUndefined();
  });
});

describe('matchesFilters on a list read as several reads (any of them)', () => {
  const me = '339215505907';
  const ownOrShared = [{ AccountIds: [me] }, { PermissionsToCreateVolumeAccountIds: [me] }];
  const partnerShares = { ...snap, AccountId: '726094853215', PermissionsToCreateVolume: { AccountIds: [me], GlobalPermission: true } };
  const publicOnly = { ...snap, AccountId: '592745718453', PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: true } };
  it.each([
    ['mine', snap, ownOrShared, true],
    ['shared with me', partnerShares, ownOrShared, true],
    ['public only', publicOnly, ownOrShared, false],
    ['mine, other state', snap, ownOrShared.map((f) => ({ ...f, States: ['completed' as const] })), false],
    ['no reads', snap, [], false],
    ['one read it cannot judge, one that does not match', publicOnly, [{ AccountIds: [me] }, { Bogus: ['x'] } as never], undefined],
    ['one read it cannot judge, one that matches', snap, [{ Bogus: ['x'] } as never, { AccountIds: [me] }], true],
  ])('%s', (_name, snapshot, filters, expected) => {
    expect(matchesFilters(snapshot, filters)).toBe(expected);
  });
});
