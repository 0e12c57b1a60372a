/**
 * Issue 12 item 8 with the real AWS CLI (Debian's awscli) over real HTTP and signatures: create-snapshot from a
 * volume, modify-snapshot-attribute / describe-snapshot-attribute (createVolumePermission, both CLI forms),
 * describe-volumes with filters and paging, and the refusals an operator meets (OMI in use, another Region, not
 * the owner, throttled, dry run), each with its EC2 code. server/fcu/operator.test.ts checks the XML itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOscClient, type OscClient } from '../../src/api/client';
import { createApp } from '../app';
import { systemClock } from '../osc/clock';
import { DEMO_ABROAD, DEMO_IMAGE, DEMO_IMAGE_SNAPSHOT_NAME, DEMO_OPERATOR, DEMO_PARTNER, seedDemo } from '../model/seed';
import { openStore, type Store } from '../model/store';
import { awsCli, LONG, type AwsCli, type Run } from './aws-cli-kit';

let server: Server;
let store: Store;
let endpoint = '';
let cli: AwsCli;
let oapi: OscClient;
let partner: OscClient;

const aws = (args: string[], keys: { accessKey: string; secretKey: string } = DEMO_OPERATOR) => cli.run([...args, '--endpoint-url', endpoint], keys);
const json = (run: Run) => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout || '{}') as Record<string, unknown>;
};
const refused = (run: Run, code: string) => {
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain(`(${code})`);
  return run.stderr;
};

beforeAll(async () => {
  cli = awsCli();
  store = openStore(':memory:');
  seedDemo(store, systemClock.now());
  server = createServer(createApp({ store, clock: systemClock, model: { speed: 50 } }).listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint = `${base}/fcu/`;
  oapi = createOscClient({ endpoint: base, region: 'eu-west-2', accessKey: DEMO_OPERATOR.accessKey, secretKey: DEMO_OPERATOR.secretKey });
  partner = createOscClient({ endpoint: base, region: 'eu-west-2', accessKey: DEMO_PARTNER.accessKey, secretKey: DEMO_PARTNER.secretKey });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  store.close();
  cli.close();
});

const volumes = async () => (await oapi.call('ReadVolumes', {})).Volumes;
const ownCompleted = async () => (await oapi.call('ReadSnapshots', { Filters: { AccountIds: [DEMO_OPERATOR.accountId], States: ['completed'] } })).Snapshots;

describe('the AWS CLI does what the console does', () => {
  it('snapshots a volume with create-snapshot, tagged, and both faces list it', async () => {
    const volume = (await volumes())[0]!;
    const made = json(await aws(['ec2', 'create-snapshot', '--volume-id', volume.VolumeId, '--description', 'made by the AWS CLI', '--tag-specifications', 'ResourceType=snapshot,Tags=[{Key=Name,Value=cli-nightly}]']));
    expect(made).toMatchObject({ VolumeId: volume.VolumeId, VolumeSize: volume.Size, Description: 'made by the AWS CLI', OwnerId: DEMO_OPERATOR.accountId, Encrypted: false, Tags: [{ Key: 'Name', Value: 'cli-nightly' }] });
    const id = made.SnapshotId as string;
    expect((await oapi.call('ReadSnapshots', { Filters: { SnapshotIds: [id] } })).Snapshots[0]).toMatchObject({ VolumeId: volume.VolumeId, Tags: [{ Key: 'Name', Value: 'cli-nightly' }] });
    const listed = json(await aws(['ec2', 'describe-snapshots', '--filters', `Name=volume-id,Values=${volume.VolumeId}`, 'Name=tag:Name,Values=cli-nightly'])).Snapshots as { SnapshotId: string }[];
    expect(listed.map((s) => s.SnapshotId)).toEqual([id]);
    refused(await aws(['ec2', 'create-snapshot', '--volume-id', volume.VolumeId, '--dry-run']), 'DryRunOperation');
    refused(await aws(['ec2', 'create-snapshot', '--volume-id', 'vol-00000000']), 'InvalidVolume.NotFound');
  }, LONG);

  it('shares with modify-snapshot-attribute (both forms), reads it back, and the partner sees the change', async () => {
    const id = (await ownCompleted())[1]!.SnapshotId;
    const seenByPartner = async () => (await partner.call('ReadSnapshots', { Filters: { SnapshotIds: [id] } })).Snapshots.length === 1;
    expect(await seenByPartner()).toBe(false);
    json(await aws(['ec2', 'modify-snapshot-attribute', '--snapshot-id', id, '--attribute', 'createVolumePermission', '--operation-type', 'add', '--user-ids', DEMO_PARTNER.accountId]));
    expect(json(await aws(['ec2', 'describe-snapshot-attribute', '--snapshot-id', id, '--attribute', 'createVolumePermission']))).toEqual({ SnapshotId: id, CreateVolumePermissions: [{ UserId: DEMO_PARTNER.accountId }] });
    expect(await seenByPartner()).toBe(true);
    json(await aws(['ec2', 'modify-snapshot-attribute', '--snapshot-id', id, '--create-volume-permission', `Add=[{Group=all}],Remove=[{UserId=${DEMO_PARTNER.accountId}}]`]));
    expect((await oapi.call('ReadSnapshots', { Filters: { SnapshotIds: [id] } })).Snapshots[0]!.PermissionsToCreateVolume).toEqual({ AccountIds: [], GlobalPermission: true });
    expect(json(await aws(['ec2', 'describe-snapshot-attribute', '--snapshot-id', id, '--attribute', 'createVolumePermission'])).CreateVolumePermissions).toEqual([{ Group: 'all' }]);
    json(await aws(['ec2', 'modify-snapshot-attribute', '--snapshot-id', id, '--attribute', 'createVolumePermission', '--operation-type', 'remove', '--group-names', 'all']));
    expect(await seenByPartner()).toBe(false);
    refused(await aws(['ec2', 'modify-snapshot-attribute', '--snapshot-id', id, '--attribute', 'createVolumePermission', '--operation-type', 'add', '--group-names', 'all', '--dry-run']), 'DryRunOperation');
    expect((await oapi.call('ReadSnapshots', { Filters: { SnapshotIds: [id] } })).Snapshots[0]!.PermissionsToCreateVolume.GlobalPermission).toBe(false);
  }, LONG);

  it('refuses what OUTSCALE refuses, with EC2 codes', async () => {
    const own = (await ownCompleted())[2]!.SnapshotId;
    const abroad = refused(await aws(['ec2', 'modify-snapshot-attribute', '--snapshot-id', own, '--attribute', 'createVolumePermission', '--operation-type', 'add', '--user-ids', DEMO_ABROAD.accountId]), 'InvalidParameterValue');
    expect(abroad).toContain('Region');
    refused(await aws(['ec2', 'modify-snapshot-attribute', '--snapshot-id', own, '--attribute', 'createVolumePermission', '--operation-type', 'add', '--group-names', 'all'], DEMO_PARTNER), 'InvalidSnapshot.NotFound');
    const shared = (await oapi.call('ReadSnapshots', { Filters: { PermissionsToCreateVolumeAccountIds: [DEMO_OPERATOR.accountId] } })).Snapshots[0]!.SnapshotId;
    refused(await aws(['ec2', 'modify-snapshot-attribute', '--snapshot-id', shared, '--attribute', 'createVolumePermission', '--operation-type', 'add', '--group-names', 'all']), 'UnauthorizedOperation');
    refused(await aws(['ec2', 'delete-snapshot', '--snapshot-id', shared]), 'UnauthorizedOperation');
    const used = (await oapi.call('ReadSnapshots', { Filters: { Tags: [`Name=${DEMO_IMAGE_SNAPSHOT_NAME}`] } })).Snapshots[0]!.SnapshotId;
    expect(refused(await aws(['ec2', 'delete-snapshot', '--snapshot-id', used]), 'InvalidSnapshot.InUse')).toContain(DEMO_IMAGE.imageId);
    refused(await aws(['ec2', 'delete-snapshot', '--snapshot-id', used, '--dry-run']), 'InvalidSnapshot.InUse');
  }, LONG);

  it('throttles a volume snapshotted too often with RequestLimitExceeded, saying when to retry', async () => {
    const volume = (await volumes())[1]!.VolumeId;
    // the throttle counts creations from one volume whatever the face: four through the OUTSCALE API, one here
    for (let i = 0; i < 4; i++) await oapi.call('CreateSnapshot', { VolumeId: volume });
    json(await aws(['ec2', 'create-snapshot', '--volume-id', volume]));
    expect(refused(await aws(['ec2', 'create-snapshot', '--volume-id', volume]), 'RequestLimitExceeded')).toMatch(/retry in \d+ s/);
  }, LONG);

  it('lists volumes with describe-volumes: all of them, by ID, by filters, page by page', async () => {
    const all = await volumes();
    type Described = { VolumeId: string; Size: number; State: string; AvailabilityZone: string; VolumeType: string; Attachments: { InstanceId: string }[]; Tags?: { Key: string; Value: string }[] };
    const described = async (...args: string[]) => json(await aws(['ec2', 'describe-volumes', ...args])).Volumes as Described[];
    const listed = await described();
    expect(listed.map((v) => v.VolumeId)).toEqual(all.map((v) => v.VolumeId));
    const one = all.find((v) => v.LinkedVolumes.length && v.Tags.length)!;
    expect((await described('--volume-ids', one.VolumeId))[0]).toMatchObject({
      VolumeId: one.VolumeId, Size: one.Size, State: 'in-use', AvailabilityZone: one.SubregionName, VolumeType: one.VolumeType,
      Attachments: [{ InstanceId: one.LinkedVolumes[0]!.VmId, VolumeId: one.VolumeId, State: 'attached' }], Tags: one.Tags,
    });
    const name = one.Tags.find((t) => t.Key === 'Name')!.Value;
    expect((await described('--filters', 'Name=status,Values=in-use', `Name=tag:Name,Values=${name}`)).map((v) => v.VolumeId)).toEqual([one.VolumeId]);
    expect((await described('--filters', `Name=attachment.instance-id,Values=${one.LinkedVolumes[0]!.VmId}`)).map((v) => v.VolumeId)).toEqual([one.VolumeId]);
    expect((await described('--filters', 'Name=size,Values=30')).map((v) => v.VolumeId)).toEqual(all.filter((v) => v.Size === 30).map((v) => v.VolumeId));
    expect((await described('--page-size', '5')).map((v) => v.VolumeId)).toEqual(all.map((v) => v.VolumeId));
    const page = json(await aws(['ec2', 'describe-volumes', '--page-size', '5', '--max-items', '5']));
    expect((page.Volumes as unknown[]).length).toBe(5);
    expect(page.NextToken).toBeTruthy();
    refused(await aws(['ec2', 'describe-volumes', '--volume-ids', 'vol-00000000']), 'InvalidVolume.NotFound');
    refused(await aws(['ec2', 'describe-volumes', '--filters', 'Name=encrypted,Values=true']), 'InvalidParameterValue');
    refused(await aws(['ec2', 'describe-volumes', '--dry-run']), 'DryRunOperation');
  }, LONG);
});
