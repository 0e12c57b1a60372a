import { describe, expect, it } from 'vitest';
import { actions } from '../../src/api/requests';
import type { ActionName } from '../../src/api/schemas';
import { ManualClock } from '../osc/clock';
import type { ActionOutput } from '../osc/context';
import { validateInput } from '../osc/validation';
import { oapiResponses } from '../oapi/responses';
import { seededRandom } from '../model/ids';
import { DEMO_OPERATOR, DEMO_PARTNER, seedDemo } from '../model/seed';
import { openStore } from '../model/store';
import { expectOscError } from '../test-kit';
import { createBackends, type ModelOptions } from '.';
import { exportKey, exportedObjectSize } from './export-tasks';
import { FakeOos } from './fake-oos';

const GiB = 2 ** 30;
const OPERATOR = DEMO_OPERATOR.accountId;
const PARTNER = DEMO_PARTNER.accountId;

function kit(options: ModelOptions = {}, path = ':memory:', oos = new FakeOos()) {
  const store = openStore(path);
  const clock = new ManualClock('2026-11-24T12:00:00.000Z');
  if (store.isEmpty()) seedDemo(store, clock.now(), {});
  const credentials = (ak: string) => store.secretFor(ak);
  const backends = createBackends(store, { random: seededRandom(11), ...options }, { oos, credentialsFor: credentials });
  const handlers = oapiResponses(backends);
  let n = 0;
  function call<A extends ActionName>(action: A, body: unknown, accountId: string = OPERATOR): ActionOutput<A> {
    const input = validateInput(actions[action].request, body);
    return (handlers[action] as (i: unknown, c: object) => ActionOutput<A>)(input, { accountId, requestId: `r${n++}`, now: clock.now() });
  }
  const completedOwn = (accountId: string = OPERATOR) =>
    call('ReadSnapshots', { Filters: { AccountIds: [accountId], States: ['completed'] } }, accountId).Snapshots!.find((s) => s.VolumeSize >= 1)!;
  const read = (body: object = {}, accountId: string = OPERATOR) => call('ReadSnapshotExportTasks', body, accountId);
  return { store, clock, backends, call, completedOwn, read, oos };
}

describe('CreateSnapshotExportTask', () => {
  it('runs pending → active → completed with Progress over the clock, then writes the object at the documented key', () => {
    const k = kit();
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'backups');
    const snap = k.completedOwn();
    const task = k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'backups', OsuPrefix: 'exp/' } }).SnapshotExportTask!;
    expect(task.TaskId).toMatch(/^snap-export-[0-9a-f]{8}$/);
    expect(task).toMatchObject({ State: 'pending', Progress: 0, SnapshotId: snap.SnapshotId, Tags: [], OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'backups', OsuPrefix: 'exp/' } });
    expect(task.Comment).toBe(`Export of snapshot ${snap.SnapshotId}`);
    k.clock.advance(3_000);
    const seen: string[] = [];
    let last = -1;
    for (let i = 0; i < 1000; i++) {
      const [now] = k.read({ Filters: { TaskIds: [task.TaskId] } }).SnapshotExportTasks!;
      if (seen.at(-1) !== now!.State) seen.push(now!.State);
      expect(now!.Progress).toBeGreaterThanOrEqual(last);
      last = now!.Progress;
      if (now!.State === 'completed') break;
      expect(k.oos.objects.size).toBe(0);
      k.clock.advance(Math.max(1_000, snap.VolumeSize * 40)); // about 50 steps at 0.5 GiB/s
    }
    expect(seen).toEqual(['active', 'completed']);
    expect(last).toBe(100);
    const key = `exp/${snap.SnapshotId}-${task.TaskId.slice(-8)}.qcow2.gz`;
    expect(exportKey('exp/', snap.SnapshotId, task.TaskId, 'qcow2')).toBe(key);
    const object = k.oos.headObject('eu-west-2', 'backups', key)!;
    expect(object).toMatchObject({ region: 'eu-west-2', uncompressedSize: snap.VolumeSize * GiB, size: exportedObjectSize(snap.VolumeSize, 'qcow2'), sourceSnapshotId: snap.SnapshotId, sourceAccountId: OPERATOR });
    expect(object.size).toBeLessThan(object.uncompressedSize);
  });

  it('fails with a Comment under the failure knob, and writes nothing', () => {
    const k = kit({ failureRate: 1 });
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'backups');
    const snap = k.completedOwn();
    const task = k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'raw', OsuBucket: 'backups' } }).SnapshotExportTask!;
    k.clock.advance(3600_000);
    const [done] = k.read().SnapshotExportTasks!;
    expect(done).toMatchObject({ TaskId: task.TaskId, State: 'failed' });
    expect(done!.Progress).toBeLessThan(100);
    expect(done!.Comment).toMatch(/failed at \d+ %/);
    expect(k.oos.objects.size).toBe(0);
  });

  it("creates a bucket that does not exist yet, for the caller (OUTSCALE's own tests export to new bucket names)", () => {
    const k = kit();
    const snap = k.completedOwn();
    k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'fresh-bucket' } });
    expect(k.oos.bucketOwner('eu-west-2', 'fresh-bucket')).toBe(OPERATOR);
    k.clock.advance(3600_000);
    expect(k.read().SnapshotExportTasks![0]!.State).toBe('completed');
    expect([...k.oos.objects.keys()][0]).toMatch(/^fresh-bucket\/snap-[0-9a-f]{8}-[0-9a-f]{8}\.qcow2\.gz$/);
  });

  it('fails at the last moment when its bucket is gone by then', () => {
    const k = kit();
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'brief');
    const snap = k.completedOwn();
    k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'raw', OsuBucket: 'brief' } });
    k.oos.buckets.delete('eu-west-2/brief');
    k.clock.advance(3600_000);
    const [done] = k.read().SnapshotExportTasks!;
    expect(done).toMatchObject({ State: 'failed', Progress: 99 });
    expect(done!.Comment).toContain("could not be written to the bucket 'brief'");
  });

  it("refuses what OUTSCALE refuses: another's or a missing snapshot, not completed, bad format, missing or foreign bucket", () => {
    const k = kit();
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'mine');
    k.oos.ensureBucket('eu-west-2', PARTNER, 'theirs');
    const snap = k.completedOwn();
    const exp = (SnapshotId: string, OsuExport: object, accountId: string = OPERATOR) => () => k.call('CreateSnapshotExportTask', { SnapshotId, OsuExport }, accountId);
    expectOscError(exp('snap-00000000', { DiskImageFormat: 'qcow2', OsuBucket: 'mine' }), 400, '5054', 'InvalidResource');
    expectOscError(exp('vol-00000000', { DiskImageFormat: 'qcow2', OsuBucket: 'mine' }), 400, '4104', 'InvalidParameterValue');
    expectOscError(exp('snap-zz', { DiskImageFormat: 'qcow2', OsuBucket: 'mine' }), 400, '4105', 'InvalidParameterValue');
    expectOscError(exp(snap.SnapshotId, { DiskImageFormat: 'vmdk', OsuBucket: 'mine' }), 400, '4047', 'InvalidParameterValue');
    expectOscError(exp(snap.SnapshotId, { DiskImageFormat: 'qcow2', OsuBucket: 'Not_A_Bucket' }), 400, '4047', 'InvalidParameterValue');
    expectOscError(exp(snap.SnapshotId, { DiskImageFormat: 'qcow2', OsuBucket: 'theirs' }), 400, '4088', 'InvalidParameterValue');
    expectOscError(exp(snap.SnapshotId, { DiskImageFormat: 'qcow2', OsuBucket: 'mine', OsuPrefix: 'x'.repeat(1100) }), 400, '4047', 'InvalidParameterValue');
    expectOscError(exp(snap.SnapshotId, { DiskImageFormat: 'qcow2' }), 400, '7000', 'MissingParameter');
    expectOscError(exp(snap.SnapshotId, { DiskImageFormat: 'qcow2', OsuBucket: 'mine', Tags: [] }), 400, '3001', 'InvalidParameter');
    expectOscError(() => k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId }), 400, '7000', 'MissingParameter');
    // the partner sees the operator's public or shared snapshot, but cannot export it
    k.call('UpdateSnapshot', { SnapshotId: snap.SnapshotId, PermissionsToCreateVolume: { Additions: { AccountIds: [PARTNER] } } });
    expectOscError(exp(snap.SnapshotId, { DiskImageFormat: 'qcow2', OsuBucket: 'theirs' }, PARTNER), 401, '4', 'AccessDenied');
    const copy = k.call('CreateSnapshot', { SourceSnapshotId: snap.SnapshotId, SourceRegionName: 'eu-west-2' }).Snapshot!;
    expectOscError(exp(copy.SnapshotId, { DiskImageFormat: 'qcow2', OsuBucket: 'mine' }), 409, '6003', 'InvalidState');
    expect(k.read().SnapshotExportTasks).toEqual([]);
  });

  it("exports to another account's bucket with that account's keys in OsuApiKey, never with wrong ones", () => {
    const k = kit();
    k.oos.ensureBucket('eu-west-2', PARTNER, 'theirs');
    const snap = k.completedOwn();
    const partner = k.store.account(PARTNER)!;
    const body = (SecretKey: string) => ({ SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'theirs', OsuApiKey: { ApiKeyId: partner.access_key, SecretKey } } });
    expectOscError(() => k.call('CreateSnapshotExportTask', body('wrong')), 400, '4088', 'InvalidParameterValue');
    expectOscError(() => k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'theirs', OsuApiKey: { ApiKeyId: partner.access_key } } }), 400, '7000', 'MissingParameter');
    const task = k.call('CreateSnapshotExportTask', body(partner.secret_key)).SnapshotExportTask!;
    expect(JSON.stringify(k.store.db.prepare('SELECT * FROM snapshot_export_tasks').all())).not.toContain(partner.secret_key);
    expect(task.State).toBe('pending');
  });

  it('DryRun checks everything and writes nothing', () => {
    const k = kit();
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'mine');
    const snap = k.completedOwn();
    expect(k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, DryRun: true, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'mine' } })).toEqual({});
    expect(k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, DryRun: true, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'not-yet' } })).toEqual({});
    expectOscError(() => k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, DryRun: true, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'x' } }), 400, '4047', 'InvalidParameterValue');
    expect(k.read().SnapshotExportTasks).toEqual([]);
    expect(k.oos.bucketOwner('eu-west-2', 'not-yet')).toBeUndefined();
    expect(k.read({ DryRun: true })).toEqual({});
  });
});

describe('ReadSnapshotExportTasks', () => {
  it('filters by TaskIds and SnapshotIds, shows only the caller’s tasks, and pages (100 by default)', () => {
    const k = kit({ throttle: { max: 1000, windowSeconds: 60 } });
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'mine');
    const snap = k.completedOwn();
    const ids: string[] = [];
    for (let i = 0; i < 105; i++) {
      ids.push(k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'raw', OsuBucket: 'mine' } }).SnapshotExportTask!.TaskId);
      k.clock.advance(1);
    }
    const first = k.read();
    expect(first.SnapshotExportTasks!.map((t) => t.TaskId)).toEqual(ids.slice(0, 100));
    const second = k.read({ NextPageToken: first.NextPageToken });
    expect(second.SnapshotExportTasks!.map((t) => t.TaskId)).toEqual(ids.slice(100));
    expect(second.NextPageToken).toBeUndefined();
    const small = k.read({ ResultsPerPage: 2, Filters: { SnapshotIds: [snap.SnapshotId] } });
    expect(small.SnapshotExportTasks!.map((t) => t.TaskId)).toEqual(ids.slice(0, 2));
    expectOscError(() => k.read({ ResultsPerPage: 2, NextPageToken: small.NextPageToken }), 400, '4117', 'InvalidParameterValue');
    expect(k.read({ Filters: { TaskIds: [ids[3], 'snap-export-ffffffff'] } }).SnapshotExportTasks!.map((t) => t.TaskId)).toEqual([ids[3]]);
    expect(k.read({ Filters: { SnapshotIds: ['snap-00000000'] } }).SnapshotExportTasks).toEqual([]);
    expect(k.read({}, PARTNER).SnapshotExportTasks).toEqual([]);
    expectOscError(() => k.read({ ResultsPerPage: 1001 }), 400, '4047', 'InvalidParameterValue');
    expectOscError(() => k.read({ Filters: { States: ['completed'] } }), 400, '3001', 'InvalidParameter');
  });

  it('takes tags with CreateTags (own tasks only) and shows them, so a route can find its task again', () => {
    const k = kit();
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'mine');
    const task = k.call('CreateSnapshotExportTask', { SnapshotId: k.completedOwn().SnapshotId, OsuExport: { DiskImageFormat: 'raw', OsuBucket: 'mine' } }).SnapshotExportTask!;
    k.call('CreateTags', { ResourceIds: [task.TaskId], Tags: [{ Key: 'route', Value: 'r-1' }] });
    expect(k.read().SnapshotExportTasks![0]!.Tags).toEqual([{ Key: 'route', Value: 'r-1' }]);
    expectOscError(() => k.call('CreateTags', { ResourceIds: [task.TaskId], Tags: [{ Key: 'x', Value: 'y' }] }, PARTNER), 400, '5058', 'InvalidResource');
    expectOscError(() => k.call('CreateTags', { ResourceIds: ['snap-export-ffffffff'], Tags: [{ Key: 'x', Value: 'y' }] }), 400, '5058', 'InvalidResource');
    k.call('DeleteTags', { ResourceIds: [task.TaskId], Tags: [{ Key: 'route', Value: '' }] });
    expect(k.read().SnapshotExportTasks![0]!.Tags).toEqual([]);
  });
});

describe('CreateSnapshot with FileLocation (import)', () => {
  function exported() {
    const k = kit();
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'mine');
    const snap = k.completedOwn();
    const task = k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'mine' } }).SnapshotExportTask!;
    k.clock.advance(3600_000);
    const key = exportKey('', snap.SnapshotId, task.TaskId, 'qcow2');
    const url = (sig = 'good', until = k.clock.now().getTime() + 60_000) => `https://oos.test/mine/${key}?sig=${sig}&until=${until}`;
    return { ...k, snap, url };
  }

  it('imports an exported object with a size at least its uncompressed size: VolumeSize = ceil(bytes / GiB), then completes', () => {
    const k = exported();
    const made = k.call('CreateSnapshot', { FileLocation: k.url(), SnapshotSize: k.snap.VolumeSize * GiB + 1, Description: 'imported' }, PARTNER).Snapshot!;
    expect(made).toMatchObject({ State: 'in-queue', VolumeSize: k.snap.VolumeSize + 1, AccountId: PARTNER, Description: 'imported' });
    k.clock.advance(3600_000);
    expect(k.call('ReadSnapshots', { Filters: { SnapshotIds: [made.SnapshotId] } }, PARTNER).Snapshots![0]!.State).toBe('completed');
    // the URL (and its signature) is kept nowhere
    expect(JSON.stringify(k.store.db.prepare('SELECT * FROM creation_events').all())).not.toContain('sig=');
  });

  it('refuses a size too small, an expired URL, a foreign signature, a URL of another storage, a missing object', () => {
    const k = exported();
    const imp = (FileLocation: string, SnapshotSize = k.snap.VolumeSize * GiB) => () => k.call('CreateSnapshot', { FileLocation, SnapshotSize }, PARTNER);
    expect(expectOscError(imp(k.url(), k.snap.VolumeSize * GiB - 1), 400, '4203', 'InvalidParameterValue').details).toMatch(/smaller than the uncompressed size/);
    expect(expectOscError(imp(k.url('good', k.clock.now().getTime() - 1)), 400, '4074', 'InvalidParameterValue').details).toMatch(/expired/);
    expectOscError(imp(k.url('forged')), 400, '4074', 'InvalidParameterValue');
    expectOscError(imp('https://elsewhere.example/bucket/disk.qcow2.gz'), 400, '4075', 'InvalidParameterValue');
    expectOscError(imp(k.url().replace('/mine/', '/other/')), 400, '5037', 'InvalidResource');
    expectOscError(imp(k.url().replace('.qcow2.gz', '.raw.gz')), 400, '5037', 'InvalidResource');
    expect(k.call('CreateSnapshot', { FileLocation: k.url(), SnapshotSize: k.snap.VolumeSize * GiB, DryRun: true }, PARTNER)).toEqual({});
    expect(k.call('ReadSnapshots', { Filters: { AccountIds: [PARTNER] } }, PARTNER).Snapshots!.filter((s) => s.VolumeId === undefined && s.Description === '')).toEqual([]);
  });

  it('writes an export completed while nobody looked before checking the URL', () => {
    const k = kit();
    k.oos.ensureBucket('eu-west-2', OPERATOR, 'mine');
    const snap = k.completedOwn();
    const task = k.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'raw', OsuBucket: 'mine' } }).SnapshotExportTask!;
    k.clock.advance(3600_000);
    expect(k.oos.objects.size).toBe(0);
    const url = `https://oos.test/mine/${exportKey('', snap.SnapshotId, task.TaskId, 'raw')}?sig=good&until=${k.clock.now().getTime() + 1000}`;
    expect(k.call('CreateSnapshot', { FileLocation: url, SnapshotSize: snap.VolumeSize * GiB }, PARTNER).Snapshot!.State).toBe('in-queue');
  });
});

describe('a restart mid-task', () => {
  it('resumes from SQLite: the clock drives the task to completed and the object is written after reopening', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'h53-export-'));
    try {
      const oos = new FakeOos();
      const a = kit({}, join(dir, 'db.sqlite'), oos);
      oos.ensureBucket('eu-west-2', OPERATOR, 'mine');
      const snap = a.completedOwn();
      const task = a.call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: 'mine' } }).SnapshotExportTask!;
      a.clock.advance(4_000);
      expect(a.read().SnapshotExportTasks![0]!.State).toBe('active');
      a.store.close();
      const b = kit({}, join(dir, 'db.sqlite'), oos);
      b.clock.set(new Date(a.clock.now().getTime() + 3600_000));
      b.backends.exportTasks.settle(b.clock.now().getTime());
      expect(oos.objects.size).toBe(1);
      expect(b.read().SnapshotExportTasks![0]).toMatchObject({ TaskId: task.TaskId, State: 'completed', Progress: 100 });
      b.store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
