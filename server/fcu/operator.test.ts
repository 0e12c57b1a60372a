/**
 * The FCU face's operator actions (issue 12 item 8) as XML shapes and EC2 error codes, called without HTTP:
 * CreateSnapshot from a volume, ModifySnapshotAttribute / DescribeSnapshotAttribute (createVolumePermission) and
 * DescribeVolumes with its filters and paging. server/fcu/aws-cli-operator.test.ts runs the same with Debian's aws.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_ABROAD, DEMO_IMAGE_SNAPSHOT_NAME } from '../model/seed';
import { OscError } from '../osc/errors';
import { OPERATOR, PARTNER, setup } from '../test-kit';
import { FcuError, fromOscError } from './errors';
import { createFcuActions } from './responses';
import { FcuStream } from './stream';
import { responseXml, type XmlNode } from './xml';

type Kit = ReturnType<typeof setup>;

function fcu(kit: Kit) {
  const actions = createFcuActions(kit.backends, { streamBatch: null });
  /** The answer's XML, or the EC2 error (code and status) it is refused with. */
  return (action: string, params: Record<string, string>, account: string = OPERATOR): { xml: string } | { error: FcuError } => {
    try {
      const body = actions[action]!(new Map(Object.entries(params)), { accountId: account, requestId: 'req-1', now: kit.clock.now() });
      if (body instanceof FcuStream) throw new Error('unexpected stream');
      return { xml: responseXml(action, 'req-1', body as XmlNode) };
    } catch (error) {
      if (error instanceof FcuError) return { error };
      if (error instanceof OscError) return { error: fromOscError(error) };
      throw error;
    }
  };
}
const xmlOf = (answer: { xml: string } | { error: FcuError }) => {
  if ('error' in answer) throw new Error(`refused: ${answer.error.code} ${answer.error.message}`);
  return answer.xml;
};
const refusal = (answer: { xml: string } | { error: FcuError }) => {
  if (!('error' in answer)) throw new Error(`answered: ${answer.xml}`);
  return { status: answer.error.status, code: answer.error.code };
};
const ownCompleted = (kit: Kit) => kit.snapshots({ AccountIds: [OPERATOR], States: ['completed'] });

describe('FCU CreateSnapshot from a volume', () => {
  it('answers the new snapshot in EC2 shape, tagged, and the OUTSCALE face sees it', () => {
    const kit = setup();
    const call = fcu(kit);
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!;
    const xml = xmlOf(call('CreateSnapshot', { VolumeId: volume.VolumeId, Description: 'nightly', 'TagSpecification.1.ResourceType': 'snapshot', 'TagSpecification.1.Tag.1.Key': 'Name', 'TagSpecification.1.Tag.1.Value': 'db' }));
    const id = /<snapshotId>(snap-[0-9a-f]{8})<\/snapshotId>/.exec(xml)![1]!;
    expect(xml).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<CreateSnapshotResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><snapshotId>${id}</snapshotId><volumeId>${volume.VolumeId}</volumeId><status>in-queue</status><startTime>[^<]+</startTime><progress>0%</progress><ownerId>${OPERATOR}</ownerId><volumeSize>${volume.Size}</volumeSize><description>nightly</description><encrypted>false</encrypted><tagSet><item><key>Name</key><value>db</value></item></tagSet></CreateSnapshotResponse>$`));
    expect(kit.snapshots({ SnapshotIds: [id] })[0]).toMatchObject({ VolumeId: volume.VolumeId, Description: 'nightly', Tags: [{ Key: 'Name', Value: 'db' }] });
  });

  it.each([
    ['no VolumeId', {}, 400, 'MissingParameter'],
    ['a malformed VolumeId', { VolumeId: 'vol-zz' }, 400, 'InvalidVolumeID.Malformed'],
    ['a snapshot ID as VolumeId', { VolumeId: 'snap-12345678' }, 400, 'InvalidVolumeID.Malformed'],
    ['an unknown volume', { VolumeId: 'vol-00000000' }, 400, 'InvalidVolume.NotFound'],
    ['a tag for another resource type', { VolumeId: 'VOL', 'TagSpecification.1.ResourceType': 'volume', 'TagSpecification.1.Tag.1.Key': 'a' }, 400, 'InvalidParameterValue'],
    ['a dry run', { VolumeId: 'VOL', DryRun: 'true' }, 412, 'DryRunOperation'],
  ] as const)('refuses %s with its EC2 code and makes nothing', (_name, params, status, code) => {
    const kit = setup();
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!.VolumeId;
    const before = kit.count();
    const given = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === 'VOL' ? volume : v]));
    expect(refusal(fcu(kit)('CreateSnapshot', given))).toEqual({ status, code });
    expect(kit.count()).toBe(before);
  });

  it('throttles a volume snapshotted too often with RequestLimitExceeded and the seconds to wait', () => {
    const kit = setup({ throttle: { max: 1, windowSeconds: 60 } });
    const call = fcu(kit);
    const volume = kit.call('ReadVolumes', {}).Volumes![0]!.VolumeId;
    xmlOf(call('CreateSnapshot', { VolumeId: volume }));
    kit.clock.advance(15_000);
    const answer = call('CreateSnapshot', { VolumeId: volume });
    expect(refusal(answer)).toEqual({ status: 503, code: 'RequestLimitExceeded' });
    expect((answer as { error: FcuError }).error.retryAfterSeconds).toBe(45);
    expect((answer as { error: FcuError }).error.message).toMatch(/retry in 45 s/);
  });
});

describe('FCU ModifySnapshotAttribute and DescribeSnapshotAttribute', () => {
  const permissions = (kit: Kit, id: string) => kit.snapshots({ SnapshotIds: [id] })[0]!.PermissionsToCreateVolume;

  it('adds and removes accounts and everyone, in both of the CLI forms, and describes them', () => {
    const kit = setup();
    const call = fcu(kit);
    const id = ownCompleted(kit)[0]!.SnapshotId;
    expect(xmlOf(call('ModifySnapshotAttribute', { SnapshotId: id, Attribute: 'createVolumePermission', OperationType: 'add', 'UserId.1': PARTNER }))).toContain('<return>true</return>');
    expect(permissions(kit, id)).toEqual({ AccountIds: [PARTNER], GlobalPermission: false });
    xmlOf(call('ModifySnapshotAttribute', { SnapshotId: id, 'CreateVolumePermission.Add.1.Group': 'all', 'CreateVolumePermission.Add.2.UserId': '123456789012' }));
    expect(xmlOf(call('DescribeSnapshotAttribute', { SnapshotId: id, Attribute: 'createVolumePermission' }))).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSnapshotAttributeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId><snapshotId>${id}</snapshotId><createVolumePermission><item><group>all</group></item><item><userId>123456789012</userId></item><item><userId>${PARTNER}</userId></item></createVolumePermission></DescribeSnapshotAttributeResponse>`,
    );
    xmlOf(call('ModifySnapshotAttribute', { SnapshotId: id, Attribute: 'createVolumePermission', OperationType: 'remove', 'UserGroup.1': 'all', 'UserId.1': PARTNER }));
    expect(permissions(kit, id)).toEqual({ AccountIds: ['123456789012'], GlobalPermission: false });
    xmlOf(call('ModifySnapshotAttribute', { SnapshotId: id, 'CreateVolumePermission.Add.1.UserId': PARTNER, 'CreateVolumePermission.Remove.1.UserId': '123456789012' }));
    expect(permissions(kit, id)).toEqual({ AccountIds: [PARTNER], GlobalPermission: false });
    expect(xmlOf(call('DescribeSnapshotAttribute', { SnapshotId: id, Attribute: 'productCodes' }))).toContain(`<snapshotId>${id}</snapshotId><productCodes></productCodes>`);
  });

  it.each([
    ['another Region', { 'CreateVolumePermission.Add.1.UserId': DEMO_ABROAD.accountId }, 400, 'InvalidParameterValue'],
    ['an account ID that is not 12 digits', { OperationType: 'add', 'UserId.1': '42' }, 400, 'InvalidParameterValue'],
    ['a group other than all', { OperationType: 'add', 'UserGroup.1': 'friends' }, 400, 'InvalidParameterValue'],
    ['no OperationType', { 'UserId.1': PARTNER }, 400, 'MissingParameter'],
    ['a bad OperationType', { OperationType: 'share', 'UserId.1': PARTNER }, 400, 'InvalidParameterValue'],
    ['no change at all', { Attribute: 'createVolumePermission' }, 400, 'MissingParameter'],
    ['the productCodes attribute', { Attribute: 'productCodes', OperationType: 'add', 'UserId.1': PARTNER }, 400, 'InvalidParameterValue'],
    ['a dry run', { OperationType: 'add', 'UserId.1': PARTNER, DryRun: 'true' }, 412, 'DryRunOperation'],
  ] as const)('refuses %s with its EC2 code and changes nothing', (_name, params, status, code) => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    expect(refusal(fcu(kit)('ModifySnapshotAttribute', { SnapshotId: id, ...params }))).toEqual({ status, code });
    expect(permissions(kit, id)).toEqual({ AccountIds: [], GlobalPermission: false });
  });

  it('undoes the additions when the removals of the same call are refused', () => {
    const kit = setup();
    const id = ownCompleted(kit)[0]!.SnapshotId;
    expect(refusal(fcu(kit)('ModifySnapshotAttribute', { SnapshotId: id, 'CreateVolumePermission.Add.1.UserId': PARTNER, 'CreateVolumePermission.Remove.1.UserId': 'nope' }))).toEqual({ status: 400, code: 'InvalidParameterValue' });
    expect(permissions(kit, id)).toEqual({ AccountIds: [], GlobalPermission: false });
  });

  it('lets only the owner change or read the permissions', () => {
    const kit = setup();
    const call = fcu(kit);
    const shared = kit.snapshots({ PermissionsToCreateVolumeAccountIds: [OPERATOR] })[0]!.SnapshotId;
    expect(refusal(call('ModifySnapshotAttribute', { SnapshotId: shared, OperationType: 'add', 'UserGroup.1': 'all' }))).toEqual({ status: 403, code: 'UnauthorizedOperation' });
    expect(refusal(call('DescribeSnapshotAttribute', { SnapshotId: shared, Attribute: 'createVolumePermission' }))).toEqual({ status: 403, code: 'UnauthorizedOperation' });
    expect(refusal(call('DescribeSnapshotAttribute', { SnapshotId: 'snap-00000000', Attribute: 'createVolumePermission' }))).toEqual({ status: 400, code: 'InvalidSnapshot.NotFound' });
    expect(refusal(call('DescribeSnapshotAttribute', { SnapshotId: 'snap-1', Attribute: 'createVolumePermission' }))).toEqual({ status: 400, code: 'InvalidSnapshotID.Malformed' });
    expect(refusal(call('DescribeSnapshotAttribute', { SnapshotId: shared }))).toEqual({ status: 400, code: 'MissingParameter' });
    expect(refusal(call('DescribeSnapshotAttribute', { SnapshotId: shared, Attribute: 'kernel' }))).toEqual({ status: 400, code: 'InvalidParameterValue' });
  });

  it('refuses deleting the snapshot an OMI uses with InvalidSnapshot.InUse', () => {
    const kit = setup();
    const id = kit.snapshots({ Tags: [`Name=${DEMO_IMAGE_SNAPSHOT_NAME}`] })[0]!.SnapshotId;
    for (const DryRun of ['true', 'false']) expect(refusal(fcu(kit)('DeleteSnapshot', { SnapshotId: id, DryRun }))).toEqual({ status: 400, code: 'InvalidSnapshot.InUse' });
  });
});

describe('FCU DescribeVolumes', () => {
  const ids = (xml: string) => [...xml.matchAll(/<item><volumeId>(vol-[0-9a-f]{8})<\/volumeId><size>/g)].map((m) => m[1]);

  it('describes the caller’s volumes in EC2 shape, with the attachment and the tags', () => {
    const kit = setup();
    const volumes = kit.call('ReadVolumes', {}).Volumes!;
    const attached = volumes.find((v) => v.LinkedVolumes.length && v.Tags.length)!;
    const xml = xmlOf(fcu(kit)('DescribeVolumes', { 'VolumeId.1': attached.VolumeId }));
    const link = attached.LinkedVolumes[0]!;
    expect(xml).toContain(`<volumeSet><item><volumeId>${attached.VolumeId}</volumeId><size>${attached.Size}</size><snapshotId></snapshotId><availabilityZone>${attached.SubregionName}</availabilityZone><status>in-use</status><createTime>${attached.CreationDate}</createTime><attachmentSet><item><volumeId>${attached.VolumeId}</volumeId><instanceId>${link.VmId}</instanceId><device>${link.DeviceName}</device><status>attached</status><deleteOnTermination>false</deleteOnTermination></item></attachmentSet><tagSet><item><key>Name</key><value>${attached.Tags[0]!.Value}</value></item></tagSet><volumeType>${attached.VolumeType}</volumeType>`);
    expect(xml).toMatch(/<encrypted>false<\/encrypted><multiAttachEnabled>false<\/multiAttachEnabled><\/item><\/volumeSet><\/DescribeVolumesResponse>$/);
    expect(ids(xmlOf(fcu(kit)('DescribeVolumes', {})))).toEqual(volumes.map((v) => v.VolumeId));
    expect(ids(xmlOf(fcu(kit)('DescribeVolumes', {}, PARTNER)))).toHaveLength(3);
  });

  it('filters by volume-id, status, size, tag:KEY, tag-key and attachment.instance-id, AND between filters', () => {
    const kit = setup();
    const call = fcu(kit);
    const volumes = kit.call('ReadVolumes', {}).Volumes!;
    const pick = (f: (v: (typeof volumes)[number]) => boolean) => volumes.filter(f).map((v) => v.VolumeId);
    const described = (filters: [string, string[]][]) => {
      const params: Record<string, string> = {};
      filters.forEach(([name, values], i) => {
        params[`Filter.${i + 1}.Name`] = name;
        values.forEach((value, j) => (params[`Filter.${i + 1}.Value.${j + 1}`] = value));
      });
      return ids(xmlOf(call('DescribeVolumes', params)));
    };
    const named = volumes.find((v) => v.Tags.length)!;
    const vm = volumes.find((v) => v.LinkedVolumes.length)!.LinkedVolumes[0]!.VmId!;
    expect(described([['status', ['available']]])).toEqual(pick((v) => v.State === 'available'));
    expect(described([['size', [String(named.Size)]]])).toEqual(pick((v) => v.Size === named.Size));
    expect(described([['tag:Name', [named.Tags[0]!.Value, 'nothing']]])).toEqual([named.VolumeId]);
    expect(described([['tag-key', ['Name']]])).toEqual(pick((v) => v.Tags.some((t) => t.Key === 'Name')));
    expect(described([['attachment.instance-id', [vm]]])).toEqual(pick((v) => v.LinkedVolumes.some((l) => l.VmId === vm)));
    expect(described([['volume-id', [volumes[0]!.VolumeId, volumes[1]!.VolumeId]], ['volume-id', [volumes[1]!.VolumeId]]])).toEqual([volumes[1]!.VolumeId]);
    expect(described([['status', ['in-use']], ['tag-key', ['Name']]])).toEqual(pick((v) => v.State === 'in-use' && v.Tags.some((t) => t.Key === 'Name')));
  });

  it('pages with MaxResults and NextToken, and refuses what EC2 refuses', () => {
    const kit = setup();
    const call = fcu(kit);
    const all = kit.call('ReadVolumes', {}).Volumes!.map((v) => v.VolumeId);
    const first = xmlOf(call('DescribeVolumes', { MaxResults: '5' }));
    const token = /<nextToken>([^<]+)<\/nextToken>/.exec(first)![1]!;
    const second = xmlOf(call('DescribeVolumes', { MaxResults: '5', NextToken: token }));
    expect([...ids(first), ...ids(second)]).toEqual(all);
    expect(second).not.toContain('<nextToken>');
    expect(refusal(call('DescribeVolumes', { MaxResults: '4' }))).toEqual({ status: 400, code: 'InvalidParameterValue' });
    expect(ids(xmlOf(call('DescribeVolumes', { MaxResults: '1000' })))).toEqual(all); // above 500: 500, as EC2
    expect(refusal(call('DescribeVolumes', { MaxResults: '5.5' }))).toEqual({ status: 400, code: 'InvalidParameterValue' });
    expect(refusal(call('DescribeVolumes', { NextToken: 'garbage' }))).toEqual({ status: 400, code: 'InvalidParameterValue' });
    expect(refusal(call('DescribeVolumes', { 'Filter.1.Name': 'encrypted', 'Filter.1.Value.1': 'true' }))).toEqual({ status: 400, code: 'InvalidParameterValue' });
    expect(refusal(call('DescribeVolumes', { 'Filter.1.Name': 'size', 'Filter.1.Value.1': 'big' }))).toEqual({ status: 400, code: 'InvalidParameterValue' });
    expect(refusal(call('DescribeVolumes', { 'VolumeId.1': 'vol-00000000' }))).toEqual({ status: 400, code: 'InvalidVolume.NotFound' });
    expect(refusal(call('DescribeVolumes', { 'VolumeId.1': 'vol-1' }))).toEqual({ status: 400, code: 'InvalidVolumeID.Malformed' });
    expect(refusal(call('DescribeVolumes', { 'VolumeId.1': kit.call('ReadVolumes', {}, PARTNER).Volumes![0]!.VolumeId }))).toEqual({ status: 400, code: 'InvalidVolume.NotFound' });
    expect(refusal(call('DescribeVolumes', { DryRun: 'true' }))).toEqual({ status: 412, code: 'DryRunOperation' });
  });
});
