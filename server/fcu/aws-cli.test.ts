/**
 * The real AWS CLI (Debian's awscli, /usr/bin/aws) against the sandbox's FCU face, over real HTTP with real
 * signatures: the seed's copy-snapshot command, describe-snapshots with filters, the waiter, a dry run, each
 * error, and the command the dashboard's Command view prints.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOscClient, type OscClient } from '../../src/api/client';
import { awsCliCommand } from '../../src/api/commands';
import { COPY_TIME, copyPlan } from '../../src/api/copy-form';
import { createApp } from '../app';
import { signRequest } from '../osc/sigv4';
import { systemClock } from '../osc/clock';
import { DEMO_OPERATOR, DEMO_PARTNER, seedDemo } from '../model/seed';
import { openStore, type Store } from '../model/store';
import { AWS, awsCli, LONG, type AwsCli, type Run } from './aws-cli-kit';

let server: Server;
let store: Store;
let endpoint = '';
let base = '';
let cli: AwsCli;
let home = '';
let oapi: OscClient;

const aws = (args: string[], keys: { accessKey: string; secretKey: string } = DEMO_OPERATOR) => cli.run(args, keys);

const json = (run: Run) => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

beforeAll(async () => {
  cli = awsCli();
  home = cli.home;
  store = openStore(':memory:');
  seedDemo(store, systemClock.now());
  const app = createApp({ store, clock: systemClock, model: { speed: 50 } });
  server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint = `${base}/fcu/`;
  oapi = createOscClient({ endpoint: base, region: 'eu-west-2', accessKey: DEMO_OPERATOR.accessKey, secretKey: DEMO_OPERATOR.secretKey });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  store.close();
  cli.close();
});

async function ownCompleted(): Promise<string> {
  const answer = await oapi.call('ReadSnapshots', { Filters: { AccountIds: [DEMO_OPERATOR.accountId], States: ['completed'], VolumeSizes: [10] } });
  return answer.Snapshots[0]!.SnapshotId;
}

describe('the AWS CLI against the FCU face', () => {
  it("runs the seed's copy-snapshot, lists the copy on both faces, and waits for completion", async () => {
    const source = await ownCompleted();
    const copy = json(
      await aws(['ec2', 'copy-snapshot', '--source-region', 'eu-west-2', '--source-snapshot-id', source, '--destination-region', 'eu-west-2', '--description', 'copied with the AWS CLI', '--encrypted', '--tag-specifications', 'ResourceType=snapshot,Tags=[{Key=made-by,Value=aws-cli}]', '--endpoint-url', endpoint, '--region', 'eu-west-2']),
    );
    const id = copy.SnapshotId as string;
    expect(id).toMatch(/^snap-[0-9a-f]{8}$/);
    const seenByOapi = (await oapi.call('ReadSnapshots', { Filters: { SnapshotIds: [id] } })).Snapshots[0]!;
    expect(seenByOapi).toMatchObject({ Description: 'copied with the AWS CLI', AccountId: DEMO_OPERATOR.accountId, Tags: [{ Key: 'made-by', Value: 'aws-cli' }] });
    expect(['in-queue', 'pending', 'completed']).toContain(seenByOapi.State);

    const wait = await aws(['ec2', 'wait', 'snapshot-completed', '--snapshot-ids', id, '--endpoint-url', endpoint]);
    expect(wait).toMatchObject({ code: 0, stderr: '' });
    const described = json(await aws(['ec2', 'describe-snapshots', '--snapshot-ids', id, '--endpoint-url', endpoint])).Snapshots as Record<string, unknown>[];
    expect(described[0]).toMatchObject({ SnapshotId: id, State: 'completed', Progress: '100%', OwnerId: DEMO_OPERATOR.accountId, VolumeSize: 10, Encrypted: false });
  }, LONG);

  it('lists a copy made through the OUTSCALE API, with filters, owners and paging', async () => {
    const made = await oapi.call('CreateSnapshot', { SourceSnapshotId: await ownCompleted(), SourceRegionName: 'eu-west-2', Description: 'made by OAPI' });
    const id = made.Snapshot!.SnapshotId;
    await oapi.call('CreateTags', { ResourceIds: [id], Tags: [{ Key: 'origin', Value: 'oapi' }] });
    const byTag = json(await aws(['ec2', 'describe-snapshots', '--filters', 'Name=tag:origin,Values=oapi', '--endpoint-url', endpoint])).Snapshots as Record<string, unknown>[];
    expect(byTag.map((s) => s.SnapshotId)).toEqual([id]);
    expect(byTag[0]!.Tags).toEqual([{ Key: 'origin', Value: 'oapi' }]);

    const errors = json(await aws(['ec2', 'describe-snapshots', '--owner-ids', 'self', '--filters', 'Name=status,Values=error', '--endpoint-url', endpoint])).Snapshots as unknown[];
    const me = (await oapi.call('ReadAccounts')).Accounts[0]!.AccountId;
    expect(errors).toHaveLength((await oapi.call('ReadSnapshots', { Filters: { States: ['error'], AccountIds: [me] } })).Snapshots.length);
    const partnerOwned = json(await aws(['ec2', 'describe-snapshots', '--owner-ids', DEMO_PARTNER.accountId, '--endpoint-url', endpoint])).Snapshots as unknown[];
    expect(partnerOwned).toHaveLength(2);
    const publicOnes = json(await aws(['ec2', 'describe-snapshots', '--restorable-by-user-ids', 'all', '--endpoint-url', endpoint])).Snapshots as unknown[];
    expect(publicOnes).toHaveLength(1);

    const all = (await oapi.call('ReadSnapshots')).Snapshots.length;
    const paged = json(await aws(['ec2', 'describe-snapshots', '--page-size', '5', '--endpoint-url', endpoint])).Snapshots as unknown[];
    expect(paged).toHaveLength(all);
  }, LONG);

  it('answers a signed GET with a query string, whatever the Version (osc-cli style, service fcu)', async () => {
    const id = await ownCompleted();
    const url = `${endpoint}?Action=DescribeSnapshots&Version=2026-11-24&SnapshotId.1=${id}`;
    const headers = signRequest({ method: 'GET', url, headers: { 'x-amz-target': 'fcu_20261124.DescribeSnapshots' }, body: '', accessKey: DEMO_OPERATOR.accessKey, secretKey: DEMO_OPERATOR.secretKey, region: 'eu-west-2', service: 'fcu', signedHeaders: ['host', 'x-amz-date', 'x-amz-target'] });
    const response = await fetch(url, { headers });
    const xml = await response.text();
    expect(response.status).toBe(200);
    expect(xml).toContain('<DescribeSnapshotsResponse');
    expect(xml).toContain(`<snapshotId>${id}</snapshotId>`);
    expect(xml).toMatch(/<progress>100%<\/progress>/);
    const unsigned = await fetch(url);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toMatch(/<Response><Errors><Error><Code>AuthFailure<\/Code><Message>.+<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>/);
  });

  it('parses describe-snapshots after attempts to inject control characters, and keeps tab, LF and CR', async () => {
    const kept = 'tab\there\r\nCRLF <&> é 😀';
    const made = await oapi.call('CreateSnapshot', { SourceSnapshotId: await ownCompleted(), SourceRegionName: 'eu-west-2', Description: kept });
    const id = made.Snapshot!.SnapshotId;
    await expect(oapi.call('CreateTags', { ResourceIds: [id], Tags: [{ Key: 'bell', Value: 'ding\u0007' }] })).rejects.toMatchObject({ code: '4047' });
    const refused = await aws(['ec2', 'create-tags', '--resources', id, '--tags', '[{"Key":"esc","Value":"\\u001bred"}]', '--endpoint-url', endpoint]);
    expect(refused.stderr).toContain('(InvalidParameterValue)');
    const filter = await aws(['ec2', 'describe-snapshots', '--filters', '[{"Name":"description","Values":["\\u0001"]}]', '--endpoint-url', endpoint]);
    expect(filter.stderr).toContain('(InvalidParameterValue)');
    const described = json(await aws(['ec2', 'describe-snapshots', '--snapshot-ids', id, '--endpoint-url', endpoint])).Snapshots as Record<string, unknown>[];
    expect(described[0]!.Description).toBe(kept);
    expect(described[0]!.Tags ?? []).toEqual([]);
    // a value stored before the rule (or by hand) is replaced on the way out, never sent raw
    store.db.prepare('UPDATE snapshots SET description = ? WHERE snapshot_id = ?').run('old\u0001value', id);
    const all = json(await aws(['ec2', 'describe-snapshots', '--endpoint-url', endpoint])).Snapshots as Record<string, unknown>[];
    expect(all.find((s) => s.SnapshotId === id)!.Description).toBe('old\uFFFDvalue');
  }, LONG);

  it('answers a dry run with DryRunOperation and creates nothing', async () => {
    const before = (await oapi.call('ReadSnapshots')).Snapshots.length;
    const run = await aws(['ec2', 'copy-snapshot', '--dry-run', '--source-region', 'eu-west-2', '--source-snapshot-id', await ownCompleted(), '--endpoint-url', endpoint]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('(DryRunOperation)');
    expect((await oapi.call('ReadSnapshots')).Snapshots.length).toBe(before);
  }, LONG);

  it.each([
    ['an unknown snapshot', ['ec2', 'copy-snapshot', '--source-region', 'eu-west-2', '--source-snapshot-id', 'snap-00000000'], 'InvalidSnapshot.NotFound'],
    ['a malformed ID', ['ec2', 'copy-snapshot', '--source-region', 'eu-west-2', '--source-snapshot-id', 'snap-zz'], 'InvalidSnapshotID.Malformed'],
    ['another Region', ['ec2', 'copy-snapshot', '--source-region', 'us-east-2', '--source-snapshot-id', 'snap-00000000'], 'InvalidParameterValue'],
    ['an unknown filter', ['ec2', 'describe-snapshots', '--filters', 'Name=colour,Values=blue'], 'InvalidParameterValue'],
    ['a missing parameter', ['ec2', 'copy-snapshot', '--source-region', 'eu-west-2', '--source-snapshot-id', ''], 'MissingParameter'],
  ])('answers %s with its EC2 error code', async (_name, args, code) => {
    const run = await aws([...args, '--endpoint-url', endpoint]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`(${code})`);
  }, LONG);

  it('refuses a wrong secret key with AuthFailure or SignatureDoesNotMatch, and throttles with RequestLimitExceeded', async () => {
    const bad = await aws(['ec2', 'describe-snapshots', '--endpoint-url', endpoint], { accessKey: DEMO_PARTNER.accessKey, secretKey: 'wrong' });
    expect(bad.stderr).toContain('(SignatureDoesNotMatch)');
    const unknown = await aws(['ec2', 'describe-snapshots', '--endpoint-url', endpoint], { accessKey: 'NOSUCHKEY00000000000', secretKey: 'x' });
    expect(unknown.stderr).toContain('(AuthFailure)');
    await fetch(`${base}/sandbox/faults`, { method: 'POST', body: '{"throttleNext":5}' });
    const throttled = await aws(['ec2', 'describe-snapshots', '--endpoint-url', endpoint]);
    expect(throttled.stderr).toContain('(RequestLimitExceeded)');
    await fetch(`${base}/sandbox/faults`, { method: 'POST', body: '{"throttleNext":0}' });
  }, LONG);

  it("runs the AWS CLI commands the dashboard's Command view prints (copy, then its tags), with the sandbox endpoint in place of the cloud's", async () => {
    const form = { SourceSnapshotId: await ownCompleted(), SourceRegionName: 'eu-west-2', Description: "it's from the dashboard", Tags: [{ Key: 'env', Value: 'a "b" $c' }], Provenance: true, SourceTags: false };
    const command = awsCliCommand({ plan: copyPlan(form, 'token-aws-cli', COPY_TIME), region: 'eu-west-2', endpoint: 'https://api.eu-west-2.outscale.com' });
    const local = command.replaceAll('https://fcu.eu-west-2.outscale.com', endpoint);
    const run = await new Promise<Run>((resolve) =>
      execFile('sh', ['-c', `${local}\necho "$SNAPSHOT_ID"`], {
        env: { PATH: `${join(AWS, '..')}:${process.env.PATH}`, HOME: home, AWS_ACCESS_KEY_ID: DEMO_OPERATOR.accessKey, AWS_SECRET_ACCESS_KEY: DEMO_OPERATOR.secretKey, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '' },
      }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr })),
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const id = run.stdout.trim();
    const made = (await oapi.call('ReadSnapshots', { Filters: { SnapshotIds: [id] } })).Snapshots[0]!;
    expect(made.Description).toBe("it's from the dashboard");
    expect(made.Tags.map((t) => t.Key).sort()).toEqual(['copied-at', 'copied-from', 'copied-from-region', 'env']);
    expect(made.Tags).toContainEqual({ Key: 'env', Value: 'a "b" $c' });
    expect(made.Tags).toContainEqual({ Key: 'copied-from', Value: form.SourceSnapshotId });
    expect(made.Tags.find((t) => t.Key === 'copied-at')!.Value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  }, LONG);
});
