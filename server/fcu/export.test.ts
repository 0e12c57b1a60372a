/**
 * FCU's snapshot export calls (OUTSCALE extensions of EC2): CreateSnapshotExportTask and
 * DescribeSnapshotExportTasks, as XML and EC2 error codes, called without HTTP on the same backends as the OUTSCALE
 * face (the in-memory OOS of test-kit).
 */
import { describe, expect, it } from 'vitest';
import { OscError } from '../osc/errors';
import { OPERATOR, PARTNER, setup } from '../test-kit';
import { FcuError, fromOscError } from './errors';
import { createFcuActions } from './responses';
import { responseXml, type XmlNode } from './xml';

type Kit = ReturnType<typeof setup>;

function fcu(kit: Kit) {
  const actions = createFcuActions(kit.backends, { streamBatch: null });
  return (action: string, params: Record<string, string>, account: string = OPERATOR): string | FcuError => {
    try {
      return responseXml(action, 'req-1', actions[action]!(new Map(Object.entries(params)), { accountId: account, requestId: 'req-1', now: kit.clock.now() }) as XmlNode);
    } catch (error) {
      if (error instanceof FcuError) return error;
      if (error instanceof OscError) return fromOscError(error);
      throw error;
    }
  };
}

const completedOwn = (kit: Kit) => kit.snapshots({ AccountIds: [OPERATOR], States: ['completed'] }).find((s) => s.VolumeSize >= 1)!;

describe('FCU snapshot export', () => {
  it('creates a task (ExportToOsu.*), describes it by SnapshotExportTaskId.N to completed, and the OUTSCALE face sees the same task', () => {
    const kit = setup();
    const call = fcu(kit);
    const snap = completedOwn(kit);
    const xml = call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, 'ExportToOsu.DiskImageFormat': 'qcow2', 'ExportToOsu.OsuBucket': 'fcu-bucket', 'ExportToOsu.OsuPrefix': 'p/' }) as string;
    const id = /<snapshotExportTaskId>(snap-export-[0-9a-f]{8})<\/snapshotExportTaskId>/.exec(xml)![1]!;
    expect(xml).toContain(`<CreateSnapshotExportTaskResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><snapshotExportTask><snapshotExportTaskId>${id}</snapshotExportTaskId><snapshotId>${snap.SnapshotId}</snapshotId><state>pending</state>`);
    expect(xml).toContain(`<exportToOsu><diskImageFormat>qcow2</diskImageFormat><osuBucket>fcu-bucket</osuBucket><osuPrefix>p/</osuPrefix><osuKey>p/${snap.SnapshotId}-${id.slice(-8)}.qcow2.gz</osuKey></exportToOsu>`);
    kit.clock.advance(3600_000);
    const described = call('DescribeSnapshotExportTasks', { 'SnapshotExportTaskId.1': id }) as string;
    expect(described).toMatch(new RegExp(`<snapshotExportTaskSet><item><snapshotExportTaskId>${id}</snapshotExportTaskId>.*<state>completed</state><statusMessage>[^<]*</statusMessage><completion>100</completion>`));
    expect(kit.call('ReadSnapshotExportTasks', { Filters: { TaskIds: [id] } }).SnapshotExportTasks![0]!.State).toBe('completed');
    expect((call('DescribeSnapshotExportTasks', {}) as string).match(/<item>/g)).toHaveLength(1);
    expect(call('DescribeSnapshotExportTasks', {}, PARTNER)).toContain('<snapshotExportTaskSet></snapshotExportTaskSet>');
  });

  it('refuses with EC2 codes: an unknown or foreign task ID, a missing parameter, a dry run, a bad format', () => {
    const kit = setup();
    const call = fcu(kit);
    const snap = completedOwn(kit);
    const id = /<snapshotExportTaskId>(snap-export-[0-9a-f]{8})</.exec(call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, 'ExportToOsu.DiskImageFormat': 'raw', 'ExportToOsu.OsuBucket': 'b-1' }) as string)![1]!;
    const refused = (answer: string | FcuError) => (answer instanceof FcuError ? { status: answer.status, code: answer.code, message: answer.message } : answer);
    expect(refused(call('DescribeSnapshotExportTasks', { 'SnapshotExportTaskId.1': 'snap-export-ffffffff' }))).toEqual({ status: 400, code: 'InvalidSnapshotExportTaskID.NotFound', message: "The snapshot export task ID 'snap-export-ffffffff' does not exist" });
    expect(refused(call('DescribeSnapshotExportTasks', { 'SnapshotExportTaskId.1': id }, PARTNER))).toMatchObject({ status: 400, code: 'InvalidSnapshotExportTaskID.NotFound' });
    expect(refused(call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, 'ExportToOsu.OsuBucket': 'b-1' }))).toMatchObject({ status: 400, code: 'MissingParameter' });
    expect(refused(call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, 'ExportToOsu.DiskImageFormat': 'vmdk', 'ExportToOsu.OsuBucket': 'b-1' }))).toMatchObject({ status: 400, code: 'InvalidParameterValue' });
    expect(refused(call('CreateSnapshotExportTask', { SnapshotId: 'snap-00000000', 'ExportToOsu.DiskImageFormat': 'raw', 'ExportToOsu.OsuBucket': 'b-1' }))).toMatchObject({ status: 400, code: 'InvalidSnapshot.NotFound' });
    expect(refused(call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, 'ExportToOsu.DiskImageFormat': 'raw', 'ExportToOsu.OsuBucket': 'b-1', DryRun: 'true' }))).toMatchObject({ status: 412, code: 'DryRunOperation' });
    expect(refused(call('CreateSnapshotExportTask', { SnapshotId: snap.SnapshotId, 'ExportToOsu.DiskImageFormat': 'raw', 'ExportToOsu.OsuBucket': 'b-1', 'ExportToOsu.aksk.AccessKey': 'NOPE', 'ExportToOsu.aksk.SecretKey': 'x' }))).toMatchObject({ status: 400, code: 'InvalidParameterValue' });
    expect(kit.call('ReadSnapshotExportTasks', {}).SnapshotExportTasks).toHaveLength(1);
  });
});
