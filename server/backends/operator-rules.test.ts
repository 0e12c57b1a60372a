/**
 * Issue 12 item 9, the rules behind the operator's actions: only the owner deletes, shares or tags; sharing stays
 * within the Region; a snapshot an OMI uses cannot be deleted; every refusal carries OUTSCALE's code, DryRun
 * included; the seed has what the console needs to show them (the OMI's snapshot, a volume without snapshots).
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/api/schemas';
import { DEMO_ABROAD, DEMO_OPERATOR_US, DEMO_IMAGE, DEMO_IMAGE_SNAPSHOT_NAME, DEMO_SPARE_VOLUME_NAME } from '../model/seed';
import { expectOscError, OPERATOR, PARTNER, setup } from '../test-kit';

type Kit = ReturnType<typeof setup>;

const ABROAD = DEMO_ABROAD.accountId;
const ownCompleted = (kit: Kit) => kit.snapshots({ AccountIds: [OPERATOR], States: ['completed'] });
const imageSnapshot = (kit: Kit) => kit.snapshots({ Tags: [`Name=${DEMO_IMAGE_SNAPSHOT_NAME}`] })[0]!;
const share = (kit: Kit, id: string, permissions: object, extra: object = {}) =>
  kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: permissions, ...extra }).Snapshot as Snapshot | undefined;

describe('DeleteSnapshot refusals, each with its code', () => {
  it.each([
    ['an unknown snapshot', () => 'snap-00000000', 400, '5054', 'InvalidResource'],
    ['a malformed ID', () => 'snap-1', 400, '4105', 'InvalidParameterValue'],
    ['an ID of another kind', () => 'vol-12345678', 400, '4104', 'InvalidParameterValue'],
    ["a partner's snapshot shared with the caller", (kit: Kit) => kit.snapshots({ PermissionsToCreateVolumeAccountIds: [OPERATOR] })[0]!.SnapshotId, 401, '4', 'AccessDenied'],
    ["a partner's public snapshot", (kit: Kit) => kit.snapshots({ AccountIds: [PARTNER], PermissionsToCreateVolumeGlobalPermission: true })[0]!.SnapshotId, 401, '4', 'AccessDenied'],
    ['a snapshot still being made', (kit: Kit) => kit.snapshots({ AccountIds: [OPERATOR], States: ['pending'] })[0]!.SnapshotId, 409, '6003', 'InvalidState'],
    ['a snapshot an OMI uses', (kit: Kit) => imageSnapshot(kit).SnapshotId, 409, '9002', 'ResourceConflict'],
  ] as const)('refuses %s, DryRun or not, and changes nothing', (_name, pick, status, code, type) => {
    const kit = setup();
    const id = pick(kit);
    const before = kit.snapshots({ SnapshotIds: [id] }, kit.snapshots({ SnapshotIds: [id] }).length ? OPERATOR : PARTNER);
    for (const DryRun of [true, false]) expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: id, DryRun }), status, code, type);
    kit.clock.advance(10_000);
    expect(kit.snapshots({ SnapshotIds: [id] }, kit.snapshots({ SnapshotIds: [id] }).length ? OPERATOR : PARTNER).map((s) => s.SnapshotId)).toEqual(before.map((s) => s.SnapshotId));
  });

  it('refuses an unsigned call with code 1', () => {
    const kit = setup();
    expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: ownCompleted(kit)[0]!.SnapshotId }, null), 401, '1', 'AccessDenied');
  });
});

describe('the snapshot an OMI uses', () => {
  it('is one completed snapshot of the operator, named after its OMI, and visible only to its owner', () => {
    const kit = setup();
    const used = kit.snapshots({ Tags: [`Name=${DEMO_IMAGE_SNAPSHOT_NAME}`] });
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ AccountId: OPERATOR, State: 'completed', PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false } });
    expect(DEMO_IMAGE.imageId).toMatch(/^ami-[0-9a-f]{8}$/);
    expect(used[0]!.Tags.find((t) => t.Key === 'Name')!.Value).toContain(DEMO_IMAGE.imageId);
    expect(kit.snapshots({ SnapshotIds: [used[0]!.SnapshotId] }, PARTNER)).toEqual([]);
  });

  it('names the OMI in the refusal, and can be deleted once the OMI is gone; its copies can be deleted at once', () => {
    const kit = setup();
    const id = imageSnapshot(kit).SnapshotId;
    const error = expectOscError(() => kit.call('DeleteSnapshot', { SnapshotId: id }), 409, '9002', 'ResourceConflict');
    expect(error.details).toContain(id);
    expect(error.details).toContain(DEMO_IMAGE.imageId);
    const copy = kit.call('CreateSnapshot', { SourceSnapshotId: id, SourceRegionName: 'eu-west-2' }).Snapshot!;
    kit.clock.advance(3600_000);
    expect(kit.call('DeleteSnapshot', { SnapshotId: copy.SnapshotId })).toEqual({});
    // it can still be shared, tagged and copied: only deletion is refused
    expect(share(kit, id, { Additions: { AccountIds: [PARTNER] } })!.PermissionsToCreateVolume.AccountIds).toEqual([PARTNER]);
    kit.store.db.prepare('DELETE FROM images WHERE image_id = ?').run(DEMO_IMAGE.imageId); // as DeleteImage would
    expect(kit.call('DeleteSnapshot', { SnapshotId: id, DryRun: true })).toEqual({});
    expect(kit.call('DeleteSnapshot', { SnapshotId: id })).toEqual({});
  });

  it('is wiped and seeded again by a reset', () => {
    const kit = setup();
    kit.store.reset();
    expect(kit.store.db.prepare('SELECT COUNT(*) FROM images').pluck().get()).toBe(0);
  });
});

describe('UpdateSnapshot refusals, each with its code', () => {
  const additions = (accounts: string[]) => ({ Additions: { AccountIds: accounts } });
  it.each([
    ['an unknown snapshot', () => 'snap-00000000', additions([PARTNER]), 400, '5054', 'InvalidResource'],
    ['a malformed ID', () => 'snap-zz', additions([PARTNER]), 400, '4105', 'InvalidParameterValue'],
    ["a snapshot shared with the caller (not its own)", (kit: Kit) => kit.snapshots({ PermissionsToCreateVolumeAccountIds: [OPERATOR] })[0]!.SnapshotId, additions([OPERATOR]), 401, '4', 'AccessDenied'],
    ['an account ID that is not 12 digits', (kit: Kit) => ownCompleted(kit)[0]!.SnapshotId, additions(['12345']), 400, '4047', 'InvalidParameterValue'],
    ['an account of another Region', (kit: Kit) => ownCompleted(kit)[0]!.SnapshotId, additions([PARTNER, ABROAD]), 400, '5075', 'InvalidResource'],
    ['neither Additions nor Removals', (kit: Kit) => ownCompleted(kit)[0]!.SnapshotId, {}, 400, '7000', 'MissingParameter'],
    ['both Additions and Removals', (kit: Kit) => ownCompleted(kit)[0]!.SnapshotId, { ...additions([PARTNER]), Removals: { GlobalPermission: true } }, 400, '3002', 'InvalidParameter'],
  ] as const)('refuses %s, DryRun or not, and shares nothing', (_name, pick, permissions, status, code, type) => {
    const kit = setup();
    const id = pick(kit);
    for (const DryRun of [true, false]) expectOscError(() => share(kit, id, permissions, { DryRun }), status, code, type);
    const own = kit.snapshots({ SnapshotIds: [id] }).filter((s) => s.AccountId === OPERATOR);
    for (const s of own) expect(s.PermissionsToCreateVolume).toEqual({ AccountIds: [], GlobalPermission: false });
  });

  it('refuses a snapshot being deleted with 6003', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    kit.call('DeleteSnapshot', { SnapshotId: id });
    expectOscError(() => share(kit, id, additions([PARTNER])), 409, '6003', 'InvalidState');
  });

  it('lets a partner share nothing of the operator, not even what was shared with it', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    share(kit, id, additions([PARTNER]));
    expectOscError(() => kit.call('UpdateSnapshot', { SnapshotId: id, PermissionsToCreateVolume: { Additions: { GlobalPermission: true } } }, PARTNER), 401, '4', 'AccessDenied');
    expectOscError(() => kit.call('DeleteTags', { ResourceIds: [id], Tags: [{ Key: 'env', Value: '' }] }, PARTNER), 401, '4', 'AccessDenied');
  });
});

describe('sharing within the Region', () => {
  it('knows the Region of each demo account', () => {
    const kit = setup();
    const regions = Object.fromEntries(kit.store.listAccounts().map((a) => [a.AccountId, a.Region]));
    expect(regions).toEqual({ [OPERATOR]: 'eu-west-2', [PARTNER]: 'eu-west-2', [ABROAD]: 'us-east-2', [DEMO_OPERATOR_US.accountId]: 'us-east-2' });
  });

  it('shares with an account of the same Region, and with a 12-digit ID the sandbox does not know', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    expect(share(kit, id, { Additions: { AccountIds: [PARTNER, '123456789012'] } })!.PermissionsToCreateVolume.AccountIds.sort()).toEqual(['123456789012', PARTNER].sort());
  });

  it('refuses the whole change when one account is abroad, names it, and lets it be removed', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    const error = expectOscError(() => share(kit, id, { Additions: { AccountIds: [PARTNER, ABROAD], GlobalPermission: true } }), 400, '5075', 'InvalidResource');
    expect(error.details).toContain(ABROAD);
    expect(error.details).toContain('eu-west-2');
    expect(kit.snapshots({ SnapshotIds: [id] })[0]!.PermissionsToCreateVolume).toEqual({ AccountIds: [], GlobalPermission: false });
    expect(kit.snapshots({ SnapshotIds: [id] }, ABROAD)).toEqual([]);
    expect(share(kit, id, { Removals: { AccountIds: [ABROAD] } })!.PermissionsToCreateVolume.AccountIds).toEqual([]);
  });

  it('refuses the account abroad sharing with the operator, in the other direction', () => {
    const kit = setup();
    const volume = kit.store.db.prepare("INSERT INTO volumes VALUES ('vol-abab0001', ?, 10, 'available', 'us-east-2a', 'gp2', NULL, NULL, 0, NULL, NULL)");
    volume.run(ABROAD);
    const made = kit.call('CreateSnapshot', { VolumeId: 'vol-abab0001' }, ABROAD).Snapshot!;
    expectOscError(() => kit.call('UpdateSnapshot', { SnapshotId: made.SnapshotId, PermissionsToCreateVolume: { Additions: { AccountIds: [OPERATOR] } } }, ABROAD), 400, '5075', 'InvalidResource');
  });
});

describe('DryRun of every operator action', () => {
  it('answers {} and writes nothing for CreateSnapshot from a volume and from a file, and does not count them', () => {
    const kit = setup({ throttle: { max: 1, windowSeconds: 60 } });
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!;
    const before = kit.count();
    for (let i = 0; i < 3; i++) {
      expect(kit.call('CreateSnapshot', { VolumeId: volume.VolumeId, Description: 'dry', DryRun: true })).toEqual({});
      expect(kit.call('CreateSnapshot', { FileLocation: kit.oos.stage('disk.qcow2', 2 ** 30), SnapshotSize: 2 ** 30, DryRun: true })).toEqual({});
    }
    expect(kit.count()).toBe(before);
    expect(kit.call('CreateSnapshot', { VolumeId: volume.VolumeId }).Snapshot!.State).toBe('in-queue');
    // a DryRun runs the throttle check too, so it says when to retry
    const error = expectOscError(() => kit.call('CreateSnapshot', { VolumeId: volume.VolumeId, DryRun: true }), 429, '25', 'AccessDenied');
    expect(error.details).toMatch(/retry in 60 s/);
    expect(error.retryAfterSeconds).toBe(60);
  });

  it('refuses with the real codes: an unknown volume, a bad file location, an unsigned call', () => {
    const kit = setup();
    expectOscError(() => kit.call('CreateSnapshot', { VolumeId: 'vol-00000000', DryRun: true }), 400, '5064', 'InvalidResource');
    expectOscError(() => kit.call('CreateSnapshot', { VolumeId: kit.call('ReadVolumes', {}, PARTNER).Volumes![0]!.VolumeId, DryRun: true }), 400, '5064', 'InvalidResource');
    expectOscError(() => kit.call('CreateSnapshot', { FileLocation: 'ftp://b/disk', SnapshotSize: 5, DryRun: true }), 400, '4047', 'InvalidParameterValue');
    expectOscError(() => kit.call('CreateSnapshot', { FileLocation: 'https://b/disk', DryRun: true }), 400, '7000', 'MissingParameter');
    expectOscError(() => kit.call('CreateTags', { ResourceIds: ['snap-00000000'], Tags: [{ Key: 'a', Value: 'b' }], DryRun: true }), 400, '5054', 'InvalidResource');
    expectOscError(() => kit.call('CreateSnapshot', { VolumeId: kit.call('ReadVolumes', {}).Volumes![0]!.VolumeId, DryRun: true }, null), 401, '1', 'AccessDenied');
  });
});

describe('what the Volumes page reads', () => {
  it('gives every volume of the operator a few snapshots, and one volume none', () => {
    const kit = setup();
    const volumes = kit.call('ReadVolumes', {}).Volumes!;
    const counts = volumes.map((v) => kit.snapshots({ VolumeIds: [v.VolumeId] }).length);
    const spare = volumes.findIndex((v) => v.Tags.some((t) => t.Key === 'Name' && t.Value === DEMO_SPARE_VOLUME_NAME));
    expect(spare).toBeGreaterThanOrEqual(0);
    expect(counts[spare]).toBe(0);
    expect(counts.filter((_, i) => i !== spare).every((n) => n >= 3)).toBe(true);
    // all of them in one ReadSnapshots, as the page asks
    const all = kit.snapshots({ VolumeIds: volumes.map((v) => v.VolumeId) });
    expect(all.length).toBe(counts.reduce((a, b) => a + b, 0));
  });
});
