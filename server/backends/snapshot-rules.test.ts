/**
 * The snapshot rules that a change could silently drop: the throttle window's length, ClientToken idempotency
 * whatever the parameter order, public sharing (GlobalPermission), account-ID validation, the delete delay.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/api/schemas';
import type { ActionInput } from '../osc/context';
import { expectOscError, OPERATOR, PARTNER, setup } from '../test-kit';

type Kit = ReturnType<typeof setup>;

const ownCompleted = (kit: Kit) => kit.snapshots({ AccountIds: [OPERATOR], States: ['completed'] });
const copy = (kit: Kit, source: string, extra: object = {}) =>
  kit.call('CreateSnapshot', { SourceSnapshotId: source, SourceRegionName: 'eu-west-2', ...extra }).Snapshot as Snapshot;
const share = (kit: Kit, id: string, permissions: object) =>
  kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: permissions }).Snapshot as Snapshot;
const seenBy = (kit: Kit, id: string, account: string) => kit.snapshots({ SnapshotIds: [id] }, account).length === 1;

describe('throttling window', () => {
  it('counts creations over exactly the configured window, and says how long to wait', () => {
    const kit = setup({ throttle: { max: 2, windowSeconds: 60 } });
    const source = ownCompleted(kit)[0]!.SnapshotId;
    copy(kit, source);
    kit.clock.advance(20_000);
    copy(kit, source);
    kit.clock.advance(10_000); // 30 s after the first
    let error = expectOscError(() => copy(kit, source), 429, '25', 'AccessDenied');
    expect(error.details).toMatch(/retry in 30 s/);
    expect(error.retryAfterSeconds).toBe(30);
    kit.clock.advance(29_999); // 59.999 s after the first: still inside its window
    error = expectOscError(() => copy(kit, source), 429, '25', 'AccessDenied');
    expect(error.details).toMatch(/retry in 1 s/);
    kit.clock.advance(1); // 60 s: the first creation leaves the window, the second is still in it
    expect(copy(kit, source).State).toBe('in-queue');
    error = expectOscError(() => copy(kit, source), 429, '25', 'AccessDenied');
    expect(error.details).toMatch(/retry in 20 s/);
  });

  it('follows a shorter window in seconds, not milliseconds', () => {
    const kit = setup({ throttle: { max: 1, windowSeconds: 10 } });
    const source = ownCompleted(kit)[0]!.SnapshotId;
    copy(kit, source);
    kit.clock.advance(9_000);
    expect(expectOscError(() => copy(kit, source), 429, '25', 'AccessDenied').details).toMatch(/retry in 1 s/);
    kit.clock.advance(1_000);
    expect(copy(kit, source).State).toBe('in-queue');
  });

  it('throttles snapshots of one volume, naming the volume, and counts only real creations', () => {
    const kit = setup({ throttle: { max: 1, windowSeconds: 60 } });
    const [volume, other] = kit.call('ReadVolumes', {}).Volumes!;
    kit.call('CreateSnapshot', { VolumeId: volume!.VolumeId, DryRun: true });
    kit.call('CreateSnapshot', { VolumeId: volume!.VolumeId });
    const error = expectOscError(() => kit.call('CreateSnapshot', { VolumeId: volume!.VolumeId }), 429, '25', 'AccessDenied');
    expect(error.details).toMatch(/from this volume/);
    expect(kit.call('CreateSnapshot', { VolumeId: other!.VolumeId }).Snapshot!.State).toBe('in-queue');
    const source = ownCompleted(kit)[0]!.SnapshotId;
    copy(kit, source);
    expect(expectOscError(() => copy(kit, source), 429, '25', 'AccessDenied').details).toMatch(/from this source/);
  });

  it('still remembers creations from hours ago when the window is that long', () => {
    const kit = setup({ throttle: { max: 1, windowSeconds: 6 * 3600 } });
    const source = ownCompleted(kit)[0]!.SnapshotId;
    copy(kit, source);
    kit.clock.advance(5 * 3600_000);
    expectOscError(() => copy(kit, source), 429, '25', 'AccessDenied');
  });
});

describe('ClientToken idempotency', () => {
  const ctx = (kit: Kit) => ({ accountId: OPERATOR, requestId: 'req-x', now: kit.clock.now() });

  it('recognises the same request whatever the order of its parameters', () => {
    const kit = setup();
    const source = ownCompleted(kit)[0]!.SnapshotId;
    const create = kit.handlers.CreateSnapshot!;
    const first = create(
      { SourceSnapshotId: source, SourceRegionName: 'eu-west-2', Description: 'd', ClientToken: 'order-1' } as ActionInput<'CreateSnapshot'>,
      ctx(kit),
    ) as { Snapshot: Snapshot };
    kit.clock.advance(1000);
    const again = create(
      { ClientToken: 'order-1', Description: 'd', SourceRegionName: 'eu-west-2', SourceSnapshotId: source } as ActionInput<'CreateSnapshot'>,
      ctx(kit),
    ) as { Snapshot: Snapshot };
    expect(again.Snapshot.SnapshotId).toBe(first.Snapshot.SnapshotId);
    expect(kit.snapshots({ ClientTokens: ['order-1'] })).toHaveLength(1);
  });

  it('ignores DryRun when comparing, and refuses any other difference', () => {
    const kit = setup();
    const [a, b] = ownCompleted(kit);
    const first = copy(kit, a!.SnapshotId, { ClientToken: 'tok-dry', Description: 'x' });
    expect(copy(kit, a!.SnapshotId, { ClientToken: 'tok-dry', Description: 'x', DryRun: true })).toBeUndefined();
    expect(copy(kit, a!.SnapshotId, { ClientToken: 'tok-dry', Description: 'x' }).SnapshotId).toBe(first.SnapshotId);
    expectOscError(() => copy(kit, b!.SnapshotId, { ClientToken: 'tok-dry', Description: 'x' }), 409, '9004', 'ResourceConflict');
    expectOscError(() => copy(kit, a!.SnapshotId, { ClientToken: 'tok-dry' }), 409, '9004', 'ResourceConflict');
  });

  it('makes a new snapshot for a token whose snapshot was deleted, and keeps the token on it', () => {
    const kit = setup();
    const source = ownCompleted(kit)[0]!.SnapshotId;
    const first = copy(kit, source, { ClientToken: 'tok-del' });
    kit.clock.advance(3600_000);
    kit.call('DeleteSnapshot', { SnapshotId: first.SnapshotId });
    kit.clock.advance(10_000);
    const second = copy(kit, source, { ClientToken: 'tok-del', Description: 'other parameters are fine now' });
    expect(second.SnapshotId).not.toBe(first.SnapshotId);
    expect(kit.snapshots({ ClientTokens: ['tok-del'] }).map((s) => s.SnapshotId)).toEqual([second.SnapshotId]);
    expect(copy(kit, source, { ClientToken: 'tok-del', Description: 'other parameters are fine now' }).SnapshotId).toBe(second.SnapshotId);
  });
});

describe('public sharing (GlobalPermission)', () => {
  it('makes a snapshot public for every account, and private again', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    expect(seenBy(kit, id, PARTNER)).toBe(false);
    const shared = share(kit, id, { Additions: { GlobalPermission: true } });
    expect(shared.PermissionsToCreateVolume).toEqual({ AccountIds: [], GlobalPermission: true });
    expect(seenBy(kit, id, PARTNER)).toBe(true);
    expect(kit.snapshots({ SnapshotIds: [id] })[0]!.PermissionsToCreateVolume.GlobalPermission).toBe(true);
    // GlobalPermission false in a change leaves the public flag as it is
    expect(share(kit, id, { Removals: { GlobalPermission: false } }).PermissionsToCreateVolume.GlobalPermission).toBe(true);
    const back = share(kit, id, { Removals: { GlobalPermission: true } });
    expect(back.PermissionsToCreateVolume).toEqual({ AccountIds: [], GlobalPermission: false });
    expect(seenBy(kit, id, PARTNER)).toBe(false);
    expect(share(kit, id, { Additions: { GlobalPermission: false } }).PermissionsToCreateVolume.GlobalPermission).toBe(false);
    expect(seenBy(kit, id, PARTNER)).toBe(false);
  });

  it('keeps account shares and the public flag apart', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    share(kit, id, { Additions: { AccountIds: [PARTNER, '111122223333'] } });
    share(kit, id, { Additions: { GlobalPermission: true } });
    const afterRemoval = share(kit, id, { Removals: { AccountIds: [PARTNER] } });
    expect(afterRemoval.PermissionsToCreateVolume).toEqual({ AccountIds: ['111122223333'], GlobalPermission: true });
    expect(seenBy(kit, id, PARTNER)).toBe(true);
    const privateAgain = share(kit, id, { Removals: { GlobalPermission: true } });
    expect(privateAgain.PermissionsToCreateVolume).toEqual({ AccountIds: ['111122223333'], GlobalPermission: false });
    expect(seenBy(kit, id, PARTNER)).toBe(false);
  });
});

describe('account IDs in permissions', () => {
  it.each(['1234567890123', 'a123456789012', '123456789012a', ' 123456789012', '12345678901', '', 'x'.repeat(12)])(
    'refuses %j with 4047, for additions and removals, and changes nothing',
    (accountId) => {
      const kit = setup();
      const id = ownCompleted(kit)[0]!.SnapshotId;
      for (const change of ['Additions', 'Removals']) {
        const error = expectOscError(
          () => share(kit, id, { [change]: { AccountIds: [PARTNER, accountId] } }),
          400, '4047', 'InvalidParameterValue',
        );
        expect(error.details).toContain('12 digits');
      }
      expect(kit.snapshots({ SnapshotIds: [id] })[0]!.PermissionsToCreateVolume.AccountIds).toEqual([]);
    },
  );

  it('accepts any 12 digits', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    expect(share(kit, id, { Additions: { AccountIds: ['000000000000'] } }).PermissionsToCreateVolume.AccountIds).toEqual(['000000000000']);
  });
});

describe('UpdateSnapshot checks', () => {
  it('needs exactly one of Additions and Removals', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    expectOscError(() => share(kit, id, {}), 400, '7000', 'MissingParameter');
    expectOscError(
      () => share(kit, id, { Additions: { GlobalPermission: true }, Removals: { AccountIds: [PARTNER] } }),
      400, '3002', 'InvalidParameter',
    );
    expect(seenBy(kit, id, PARTNER)).toBe(false);
  });

  it('refuses a snapshot being deleted', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    kit.call('DeleteSnapshot', { SnapshotId: id });
    expectOscError(() => share(kit, id, { Additions: { GlobalPermission: true } }), 409, '6003', 'InvalidState');
  });

  it('refuses unsigned calls', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    expectOscError(() => kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: { Additions: { GlobalPermission: true } } }, null), 401, '1', 'AccessDenied');
    expectOscError(() => kit.call('ReadSnapshots', {}, null), 401, '1', 'AccessDenied');
    expectOscError(() => kit.call('CreateSnapshot', { SourceSnapshotId: id, SourceRegionName: 'eu-west-2' }, null), 401, '1', 'AccessDenied');
    expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: id }, null), 401, '1', 'AccessDenied');
  });
});

describe('DeleteSnapshot timing', () => {
  it('stays deleting for 2 s of sandbox time, shortened by the speed factor', () => {
    for (const [speed, ms] of [[1, 2000], [4, 500]] as const) {
      const kit = setup({ speed });
      const id = ownCompleted(kit)[0]!.SnapshotId;
      kit.call('DeleteSnapshot', { SnapshotId: id });
      kit.clock.advance(ms - 1);
      expect(kit.snapshots({ SnapshotIds: [id] })[0]?.State).toBe('deleting');
      kit.clock.advance(1);
      expect(kit.snapshots({ SnapshotIds: [id] })).toEqual([]);
    }
  });

  it('deletes a snapshot in error', () => {
    const kit = setup();
    const failed = kit.snapshots({ AccountIds: [OPERATOR], States: ['error'] })[0]!;
    expect(kit.call('DeleteSnapshot', { SnapshotId: failed.SnapshotId })).toEqual({});
    expect(kit.snapshots({ SnapshotIds: [failed.SnapshotId] })[0]!.State).toBe('deleting');
  });
});

describe('CreateSnapshot sources', () => {
  it('keeps an empty Description given for a copy, and takes the source one when none is given', () => {
    const kit = setup();
    const source = ownCompleted(kit).find((s) => s.Description)!;
    expect(copy(kit, source.SnapshotId, { Description: '' }).Description).toBe('');
    expect(copy(kit, source.SnapshotId).Description).toBe(source.Description);
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!;
    expect(kit.call('CreateSnapshot', { VolumeId: volume.VolumeId }).Snapshot!.Description).toBe('');
  });

  it('refuses a volume that is neither available nor in use', () => {
    const kit = setup();
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!;
    kit.store.db.prepare("UPDATE volumes SET state = 'creating' WHERE volume_id = ?").run(volume.VolumeId);
    const error = expectOscError(() => kit.call('CreateSnapshot', { VolumeId: volume.VolumeId }), 409, '6003', 'InvalidState');
    expect(error.details).toContain('creating');
  });

  it('asks for the missing half of an import or a copy', () => {
    const kit = setup();
    expect(expectOscError(() => kit.call('CreateSnapshot', { SnapshotSize: 5 }), 400, '7000', 'MissingParameter').details).toMatch(/^The parameter 'FileLocation' is required/);
    expect(expectOscError(() => kit.call('CreateSnapshot', { FileLocation: 'https://b/x' }), 400, '7000', 'MissingParameter').details).toMatch(/^The parameter 'SnapshotSize' is required/);
    expect(expectOscError(() => kit.call('CreateSnapshot', { SourceRegionName: 'eu-west-2' }), 400, '7000', 'MissingParameter').details).toMatch(/^The parameter 'SourceSnapshotId' is required/);
    expect(expectOscError(() => kit.call('CreateSnapshot', { SourceSnapshotId: 'snap-00000000' }), 400, '7000', 'MissingParameter').details).toMatch(/^The parameter 'SourceRegionName' is required/);
    expect(expectOscError(() => kit.call('CreateSnapshot', {}), 400, '7000', 'MissingParameter').details).toMatch(/^Give VolumeId, or SourceSnapshotId/);
    expectOscError(() => kit.call('CreateSnapshot', { FileLocation: 'https://b/x y', SnapshotSize: 5 }), 400, '4047', 'InvalidParameterValue');
    expectOscError(() => kit.call('CreateSnapshot', { FileLocation: 'xhttps://b/x', SnapshotSize: 5 }), 400, '4047', 'InvalidParameterValue');
    const source = ownCompleted(kit)[0]!.SnapshotId;
    expectOscError(
      () => kit.call('CreateSnapshot', { SourceSnapshotId: source, SourceRegionName: 'eu-west-2', FileLocation: 'https://b/x', SnapshotSize: 5 }),
      400, '3002', 'InvalidParameter',
    );
  });

  it('imports a snapshot of the size rounded up to whole GiB, with a mode of its own', () => {
    const kit = setup();
    const made = kit.call('CreateSnapshot', { FileLocation: kit.oos.stage('disk', 2 ** 30), SnapshotSize: 2 ** 30 }).Snapshot!;
    expect(made.VolumeSize).toBe(1);
    expect(kit.call('CreateSnapshot', { FileLocation: kit.oos.stage('disk2', 1), SnapshotSize: 1 }).Snapshot!.VolumeSize).toBe(1);
  });
});

describe('ReadSnapshots paging', () => {
  it('needs ResultsPerPage with a NextPageToken, and answers a DryRun with nothing', () => {
    const kit = setup();
    const token = kit.call('ReadSnapshots', { ResultsPerPage: 2 }).NextPageToken!;
    expect(token).toBeTruthy();
    expectOscError(() => kit.call('ReadSnapshots', { NextPageToken: token }), 400, '7000', 'MissingParameter');
    expect(kit.call('ReadSnapshots', { DryRun: true })).toEqual({});
  });

  it('refuses a token from another account or other filters, and a token made by another store', () => {
    const kit = setup();
    const token = kit.call('ReadSnapshots', { ResultsPerPage: 2 }).NextPageToken!;
    expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 2, NextPageToken: token }, PARTNER), 400, '4117', 'InvalidParameterValue');
    expectOscError(() => kit.call('ReadSnapshots', { ResultsPerPage: 2, NextPageToken: token, Filters: { States: ['completed'] } }), 400, '4117', 'InvalidParameterValue');
    const other = setup();
    expectOscError(() => other.call('ReadSnapshots', { ResultsPerPage: 2, NextPageToken: token }), 400, '4117', 'InvalidParameterValue');
    const page2 = kit.call('ReadSnapshots', { ResultsPerPage: 2, NextPageToken: token }).Snapshots!;
    expect(page2).toHaveLength(2);
  });
});

describe('model defaults and factors', () => {
  it('throttles at 5 creations a minute from one source by default', () => {
    const kit = setup();
    const source = ownCompleted(kit)[0]!.SnapshotId;
    for (let i = 0; i < 5; i++) copy(kit, source);
    expectOscError(() => copy(kit, source), 429, '25', 'AccessDenied');
    kit.clock.advance(60_000);
    expect(copy(kit, source).State).toBe('in-queue');
  });

  it('shortens the queue by the speed factor', () => {
    const kit = setup({ queueSeconds: 4, speed: 2 });
    const made = copy(kit, ownCompleted(kit)[0]!.SnapshotId);
    kit.clock.advance(1999);
    expect(kit.snapshots({ SnapshotIds: [made.SnapshotId] })[0]!.State).toBe('in-queue');
    kit.clock.advance(1);
    expect(kit.snapshots({ SnapshotIds: [made.SnapshotId] })[0]!.State).toBe('pending');
  });

  it('stops a failing copy at a progress drawn between 10 and 89 %', () => {
    const kit = setup({ failureRate: 1, queueSeconds: 0, random: () => 0.5 });
    const made = copy(kit, ownCompleted(kit)[0]!.SnapshotId);
    kit.clock.advance(3600_000);
    expect(kit.snapshots({ SnapshotIds: [made.SnapshotId] })[0]).toMatchObject({ State: 'error', Progress: 50 });
  });

  it('snapshots an available volume, and counts imports per file', () => {
    const kit = setup({ throttle: { max: 1, windowSeconds: 60 } });
    const available = kit.call('ReadVolumes', {}).Volumes!.find((v) => v.State === 'available')!;
    expect(kit.call('CreateSnapshot', { VolumeId: available.VolumeId }).Snapshot!.State).toBe('in-queue');
    const [a, b] = [kit.oos.stage('a.qcow2', 1), kit.oos.stage('b.qcow2', 1)];
    kit.call('CreateSnapshot', { FileLocation: a, SnapshotSize: 1 });
    expect(kit.call('CreateSnapshot', { FileLocation: b, SnapshotSize: 1 }).Snapshot!.State).toBe('in-queue');
    expectOscError(() => kit.call('CreateSnapshot', { FileLocation: a, SnapshotSize: 1 }), 429, '25', 'AccessDenied');
  });

  it('names the snapshot in its refusals', () => {
    const kit = setup();
    const failedOne = kit.snapshots({ AccountIds: [OPERATOR], States: ['pending'] })[0]!;
    expect(expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: failedOne.SnapshotId }), 409, '6003', 'InvalidState').details).toContain(failedOne.SnapshotId);
    expect(expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: 'snap-00000000' }), 400, '5054', 'InvalidResource').details).toContain('snap-00000000');
    const partners = kit.snapshots({ AccountIds: [PARTNER] });
    expect(expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: partners[0]!.SnapshotId }), 401, '4', 'AccessDenied').details).toContain('another account');
    expect(expectOscError(() => kit.call('ReadSnapshots', { NextPageToken: 'x' }), 400, '7000', 'MissingParameter').details).toContain('ResultsPerPage');
  });
});
