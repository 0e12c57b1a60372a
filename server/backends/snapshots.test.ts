import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/api/schemas';
import { expectOscError, OPERATOR, PARTNER, setup } from '../test-kit';

const GiB = 2 ** 30;

function sources(kit: ReturnType<typeof setup>) {
  const visible = kit.snapshots({ AccountIds: [PARTNER] });
  const shared = visible.find((s) => s.PermissionsToCreateVolume.AccountIds.includes(OPERATOR))!;
  const pub = visible.find((s) => s.PermissionsToCreateVolume.GlobalPermission)!;
  const privateOne = kit.snapshots({ AccountIds: [PARTNER] }, PARTNER).find(
    (s) => !s.PermissionsToCreateVolume.GlobalPermission && s.PermissionsToCreateVolume.AccountIds.length === 0,
  )!;
  const own = kit.snapshots({ AccountIds: [OPERATOR], States: ['completed'] });
  return { shared, pub, privateOne, own };
}

const copy = (kit: ReturnType<typeof setup>, source: string, extra: object = {}) =>
  kit.call('CreateSnapshot', { SourceSnapshotId: source, SourceRegionName: 'eu-west-2', ...extra }).Snapshot as Snapshot;

describe('CreateSnapshot, copy mode', () => {
  it('moves a copy in-queue → pending (Progress rising) → completed, keeping VolumeId and VolumeSize', () => {
    const kit = setup({ copyRateGiBPerSecond: 1, queueSeconds: 2 });
    const source = sources(kit).own.find((s) => s.VolumeSize === 100)!;
    const made = copy(kit, source.SnapshotId, { Description: 'my copy' });
    expect(made).toMatchObject({
      AccountId: OPERATOR, State: 'in-queue', Progress: 0, VolumeId: source.VolumeId, VolumeSize: 100,
      Description: 'my copy', Tags: [], PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
      CreationDate: '2026-11-24T12:00:00.000Z',
    });
    expect(made.SnapshotId).toMatch(/^snap-[0-9a-f]{8}$/);
    const seen = [];
    for (let second = 0; second <= 104; second += 13) {
      const now = kit.snapshots({ SnapshotIds: [made.SnapshotId] })[0]!;
      seen.push([now.State, now.Progress]);
      kit.clock.advance(13_000);
    }
    expect(seen[0]).toEqual(['in-queue', 0]);
    expect(seen[1]).toEqual(['pending', 11]);
    expect(seen[4]).toEqual(['pending', 50]);
    expect(seen.at(-1)).toEqual(['completed', 100]);
    const progresses = seen.map(([, p]) => p as number);
    expect([...progresses].sort((a, b) => a - b)).toEqual(progresses);
  });

  it('takes longer for a bigger source, and the speed factor shortens it', () => {
    const timeToComplete = (size: number, speed: number) => {
      const kit = setup({ copyRateGiBPerSecond: 1, queueSeconds: 0, speed });
      const source = sources(kit).own.find((s) => s.VolumeSize === size)!;
      const made = copy(kit, source.SnapshotId);
      let seconds = 0;
      while (kit.snapshots({ SnapshotIds: [made.SnapshotId] })[0]!.State !== 'completed') {
        kit.clock.advance(1000);
        seconds++;
      }
      return seconds;
    };
    expect(timeToComplete(10, 1)).toBe(10);
    expect(timeToComplete(100, 1)).toBe(100);
    expect(timeToComplete(100, 10)).toBe(10);
  });

  it('copies snapshots shared by account ID and public ones, and hides private ones behind 5054', () => {
    const kit = setup();
    const { shared, pub, privateOne } = sources(kit);
    expect(copy(kit, shared.SnapshotId)).toMatchObject({ AccountId: OPERATOR, VolumeSize: shared.VolumeSize, Description: shared.Description });
    expect(copy(kit, pub.SnapshotId).AccountId).toBe(OPERATOR);
    const error = expectOscError(() => copy(kit, privateOne.SnapshotId), 400, '5054', 'InvalidResource');
    expect(error.details).toContain(privateOne.SnapshotId);
    expectOscError(() => copy(kit, 'snap-00000000'), 400, '5054', 'InvalidResource');
  });

  it('refuses another Region with a 400 that states the rule', () => {
    const kit = setup();
    const { own } = sources(kit);
    const error = expectOscError(
      () => kit.call('CreateSnapshot', { SourceSnapshotId: own[0]!.SnapshotId, SourceRegionName: 'us-east-2' }),
      400, '4047', 'InvalidParameterValue',
    );
    expect(error.details).toMatch(/must be the Region of your account \(eu-west-2\)/);
    expect(error.details).toMatch(/export it to a bucket/);
  });

  it('refuses a source that is not completed with 409, and malformed IDs with their own codes', () => {
    const kit = setup();
    const inFlight = kit.snapshots({ AccountIds: [OPERATOR], States: ['pending'] })[0]!;
    const failed = kit.snapshots({ AccountIds: [OPERATOR], States: ['error'] })[0]!;
    expect(expectOscError(() => copy(kit, inFlight.SnapshotId), 409, '6003', 'InvalidState').details).toContain('pending');
    expectOscError(() => copy(kit, failed.SnapshotId), 409, '6003', 'InvalidState');
    expectOscError(() => copy(kit, 'snap-zz'), 400, '4105', 'InvalidParameterValue');
    expectOscError(() => copy(kit, 'vol-12345678'), 400, '4104', 'InvalidParameterValue');
    expectOscError(() => kit.call('CreateSnapshot', { SourceSnapshotId: inFlight.SnapshotId }), 400, '7000', 'MissingParameter');
    expectOscError(() => kit.call('CreateSnapshot', {}), 400, '7000', 'MissingParameter');
    expectOscError(
      () => kit.call('CreateSnapshot', { SourceSnapshotId: inFlight.SnapshotId, SourceRegionName: 'eu-west-2', VolumeId: 'vol-12345678' }),
      400, '3002', 'InvalidParameter',
    );
  });

  it('ends a copy in error when the fault knob says so', () => {
    const kit = setup({ failureRate: 1, queueSeconds: 0 });
    const made = copy(kit, sources(kit).own[0]!.SnapshotId);
    kit.clock.advance(3600_000);
    const after = kit.snapshots({ SnapshotIds: [made.SnapshotId] })[0]!;
    expect(after.State).toBe('error');
    expect(after.Progress).toBeGreaterThanOrEqual(10);
    expect(after.Progress).toBeLessThan(90);
  });
});

describe('CreateSnapshot, volume and import modes', () => {
  it('snapshots an own volume and refuses unknown or malformed ones', () => {
    const kit = setup();
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!;
    const made = kit.call('CreateSnapshot', { VolumeId: volume.VolumeId, Description: 'from volume' }).Snapshot!;
    expect(made).toMatchObject({ VolumeId: volume.VolumeId, VolumeSize: volume.Size, State: 'in-queue' });
    expectOscError(() => kit.call('CreateSnapshot', { VolumeId: 'vol-00000000' }), 400, '5064', 'InvalidResource');
    expectOscError(() => kit.call('CreateSnapshot', { VolumeId: 'vol-1' }), 400, '4105', 'InvalidParameterValue');
    const partnerVolume = kit.call('ReadVolumes', {}, PARTNER).Volumes![0]!;
    expectOscError(() => kit.call('CreateSnapshot', { VolumeId: partnerVolume.VolumeId }), 400, '5064', 'InvalidResource');
  });

  it('imports from a file location as a snapshot of the right size', () => {
    const kit = setup();
    const made = kit.call('CreateSnapshot', { FileLocation: kit.oos.stage('disk.qcow2', 10 * GiB), SnapshotSize: 10 * GiB + 1 }).Snapshot!;
    expect(made).toMatchObject({ VolumeSize: 11, State: 'in-queue' });
    expect(made.VolumeId).toBeUndefined();
    expectOscError(() => kit.call('CreateSnapshot', { FileLocation: 'https://x/y' }), 400, '7000', 'MissingParameter');
    expectOscError(() => kit.call('CreateSnapshot', { FileLocation: 'ftp:x', SnapshotSize: 5 }), 400, '4047', 'InvalidParameterValue');
  });
});

describe('DryRun, ClientToken and throttling', () => {
  it('DryRun runs the same checks with no side effect', () => {
    const kit = setup();
    const { own, privateOne } = sources(kit);
    const before = kit.count();
    expect(copy(kit, own[0]!.SnapshotId, { DryRun: true })).toBeUndefined();
    expect(kit.call('CreateSnapshot', { SourceSnapshotId: own[0]!.SnapshotId, SourceRegionName: 'eu-west-2', DryRun: true })).toEqual({});
    expectOscError(() => copy(kit, privateOne.SnapshotId, { DryRun: true }), 400, '5054', 'InvalidResource');
    expect(kit.call('DeleteSnapshot', { SnapshotId: own[0]!.SnapshotId, DryRun: true })).toEqual({});
    expect(kit.call('UpdateSnapshot', { SnapshotId: own[0]!.SnapshotId, DryRun: true, PermissionsToCreateVolume: { Additions: { GlobalPermission: true } } })).toEqual({});
    expect(kit.call('CreateTags', { ResourceIds: [own[0]!.SnapshotId], Tags: [{ Key: 'dry', Value: 'run' }], DryRun: true })).toEqual({});
    expect(kit.call('DeleteTags', { ResourceIds: [own[1]!.SnapshotId], Tags: [{ Key: 'env', Value: '' }], DryRun: true })).toEqual({});
    expect(kit.count()).toBe(before);
    expect(kit.snapshots({ SnapshotIds: [own[0]!.SnapshotId] })[0]).toEqual(own[0]);
    expect(kit.snapshots({ SnapshotIds: [own[1]!.SnapshotId] })[0]).toEqual(own[1]);
    for (let i = 0; i < 10; i++) copy(kit, own[2]!.SnapshotId, { DryRun: true });
    expect(copy(kit, own[2]!.SnapshotId).State).toBe('in-queue');
  });

  it('returns the same snapshot for a replayed ClientToken and refuses it with other parameters', () => {
    const kit = setup();
    const { own } = sources(kit);
    const first = copy(kit, own[0]!.SnapshotId, { ClientToken: 'tok-1', Description: 'a' });
    kit.clock.advance(5000);
    const again = copy(kit, own[0]!.SnapshotId, { ClientToken: 'tok-1', Description: 'a' });
    expect(again.SnapshotId).toBe(first.SnapshotId);
    expect(again.ClientToken).toBe('tok-1');
    expect(kit.snapshots({ ClientTokens: ['tok-1'] }).map((s) => s.SnapshotId)).toEqual([first.SnapshotId]);
    expectOscError(() => copy(kit, own[0]!.SnapshotId, { ClientToken: 'tok-1', Description: 'b' }), 409, '9004', 'ResourceConflict');
    // the same token in another account is another request
    const partnerCopy = kit.call('CreateSnapshot', { SourceSnapshotId: sources(kit).shared.SnapshotId, SourceRegionName: 'eu-west-2', ClientToken: 'tok-1' }, PARTNER);
    expect(partnerCopy.Snapshot!.SnapshotId).not.toBe(first.SnapshotId);
  });

  it('throttles a burst of copies from one source with 429 code 25 until the window passes', () => {
    const kit = setup({ throttle: { max: 3, windowSeconds: 60 } });
    const { own } = sources(kit);
    for (let i = 0; i < 3; i++) copy(kit, own[0]!.SnapshotId);
    const error = expectOscError(() => copy(kit, own[0]!.SnapshotId), 429, '25', 'AccessDenied');
    expect(error.details).toMatch(/retry in 60 s/);
    expect(copy(kit, own[1]!.SnapshotId).State).toBe('in-queue');
    kit.clock.advance(61_000);
    expect(copy(kit, own[0]!.SnapshotId).State).toBe('in-queue');
  });
});

describe('UpdateSnapshot and DeleteSnapshot', () => {
  it('shares with an account and publicly, then takes it back; only the owner may', () => {
    const kit = setup();
    const { own, shared } = sources(kit);
    const id = own[0]!.SnapshotId;
    const added = kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: { Additions: { AccountIds: [PARTNER] } } }).Snapshot!;
    expect(added.PermissionsToCreateVolume).toEqual({ AccountIds: [PARTNER], GlobalPermission: false });
    expect(kit.snapshots({ SnapshotIds: [id] }, PARTNER)).toHaveLength(1);
    kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: { Additions: { GlobalPermission: true } } });
    const removed = kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: { Removals: { AccountIds: [PARTNER], GlobalPermission: true } } }).Snapshot!;
    expect(removed.PermissionsToCreateVolume).toEqual({ AccountIds: [], GlobalPermission: false });
    expect(kit.snapshots({ SnapshotIds: [id] }, PARTNER)).toHaveLength(0);
    expectOscError(() => kit.call('UpdateSnapshot', { SnapshotId: shared.SnapshotId, PermissionsToCreateVolume: { Additions: { GlobalPermission: true } } }), 401, '4', 'AccessDenied');
    expectOscError(() => kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: { Additions: { AccountIds: ['12'] } } }), 400, '4047', 'InvalidParameterValue');
    expectOscError(() => kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: {} }), 400, '7000', 'MissingParameter');
  });

  it('deletes through deleting, then the snapshot is gone; refuses in-flight and foreign ones', () => {
    const kit = setup();
    const { own, shared } = sources(kit);
    const id = own[0]!.SnapshotId;
    expect(kit.call('DeleteSnapshot', { SnapshotId: id })).toEqual({});
    expect(kit.snapshots({ SnapshotIds: [id] })[0]).toMatchObject({ State: 'deleting', Progress: 100 });
    expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: id }), 409, '6003', 'InvalidState');
    kit.clock.advance(2500);
    expect(kit.snapshots({ SnapshotIds: [id] })).toEqual([]);
    expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: id }), 400, '5054', 'InvalidResource');
    const inFlight = kit.snapshots({ AccountIds: [OPERATOR], States: ['pending'] })[0]!;
    expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: inFlight.SnapshotId }), 409, '6003', 'InvalidState');
    expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: shared.SnapshotId }), 401, '4', 'AccessDenied');
    expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: 'snap-1' }), 400, '4105', 'InvalidParameterValue');
  });
});
