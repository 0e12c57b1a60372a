/**
 * The route between Regions through the real servers (issue 14 item 5): the operator exports a snapshot in
 * eu-west-2 (CreateSnapshotExportTask over the OUTSCALE API), the task completes as the clock moves and its object
 * appears in the sandbox's OOS, Debian's AWS CLI makes the bucket and a pre-signed URL (`aws s3 mb`, `aws s3 presign`
 * against the OOS listener), and the operator's us-east-2 account imports it (CreateSnapshot with FileLocation and
 * SnapshotSize) to `completed`. An expired URL, a size too small and a foreign signature are refused.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOscClient, type OscClient } from '../src/api/client';
import { OscApiError } from '../src/api/errors';
import '../src/api/export-schemas';
import { demoAccountsResponseSchema, type DemoAccount } from '../src/api/sandbox';
import { createApp } from './app';
import { ManualClock } from './osc/clock';
import { seedDemo } from './model/seed';
import { openStore, type Store } from './model/store';

const run = promisify(execFile);
const GiB = 2 ** 30;
const BUCKET = 'route-h53';

let api: Server;
let oos: Server;
let store: Store;
let base = '';
let oosBase = '';
let operator: DemoAccount;
let abroad: DemoAccount;
let partner: DemoAccount;
// Real time at the start: the AWS CLI signs with the real clock, the sandbox allows 5 minutes of skew.
const clock = new ManualClock(new Date());

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** The AWS CLI as `account`, against the sandbox's OOS. */
async function aws(account: DemoAccount, ...args: string[]): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: account.AccessKey,
    AWS_SECRET_ACCESS_KEY: account.SecretKey,
    AWS_DEFAULT_REGION: account.Region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const { stdout } = await run('aws', [...args, '--endpoint-url', oosBase], { env, timeout: 60_000 });
  return stdout.trim();
}

const clientFor = (account: DemoAccount): OscClient =>
  createOscClient({ endpoint: `${base}/${account.Region}`, region: account.Region, accessKey: account.AccessKey, secretKey: account.SecretKey });

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; details: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OscApiError);
  const e = error as OscApiError;
  return { status: e.status, code: e.errors[0]!.Code, details: e.errors[0]!.Details };
}

beforeAll(async () => {
  store = openStore(':memory:');
  seedDemo(store, clock.now());
  const app = createApp({ store, clock, model: { speed: 200 } });
  api = createServer(app.listener);
  oos = createServer(app.oosListener);
  base = await listen(api);
  oosBase = await listen(oos);
  const accounts = demoAccountsResponseSchema.parse(await (await fetch(`${base}/sandbox/accounts`)).json()).Accounts;
  operator = accounts.find((a) => a.Role === 'operator' && a.Region === 'eu-west-2')!;
  abroad = accounts.find((a) => a.Role === 'operator' && a.Region === 'us-east-2')!;
  partner = accounts.find((a) => a.Role === 'partner')!;
});
afterAll(async () => {
  await Promise.all([api, oos].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  store.close();
});

describe('export to a bucket, pre-signed URL, import in another Region', () => {
  let snapshot: { SnapshotId: string; VolumeSize: number };
  let key = '';
  let url = '';

  it('exports a completed snapshot to the bucket the AWS CLI made, and the object appears when the task completes', async () => {
    expect(abroad, 'the demo operator has an account in us-east-2').toBeDefined();
    await aws(operator, 's3', 'mb', `s3://${BUCKET}`);
    const client = clientFor(operator);
    const own = await client.call('ReadSnapshots', { Filters: { AccountIds: [operator.AccountId], States: ['completed'] } });
    snapshot = own.Snapshots.find((s) => s.VolumeSize >= 1 && s.VolumeSize <= 100)!;
    const created = await client.call('CreateSnapshotExportTask', {
      SnapshotId: snapshot.SnapshotId,
      OsuExport: { DiskImageFormat: 'qcow2', OsuBucket: BUCKET, OsuPrefix: 'route/' },
    });
    const task = created.SnapshotExportTask!;
    expect(task).toMatchObject({ State: 'pending', Progress: 0, OsuExport: { OsuBucket: BUCKET, OsuPrefix: 'route/', DiskImageFormat: 'qcow2' } });
    // nothing under the prefix yet (`aws s3 ls` exits 1 when it lists nothing)
    await expect(aws(operator, 's3', 'ls', `s3://${BUCKET}/route/`)).rejects.toThrow(/Command failed/);
    clock.advance(60_000);
    const [done] = (await client.call('ReadSnapshotExportTasks', { Filters: { TaskIds: [task.TaskId] } })).SnapshotExportTasks;
    expect(done).toMatchObject({ State: 'completed', Progress: 100 });
    key = `route/${snapshot.SnapshotId}-${task.TaskId.slice(-8)}.qcow2.gz`;
    expect(await aws(operator, 's3', 'ls', `s3://${BUCKET}/route/`)).toContain(key.slice('route/'.length));
  });

  it('imports it in us-east-2 with the pre-signed URL and a size at least the uncompressed one, to completed', async () => {
    url = await aws(operator, 's3', 'presign', `s3://${BUCKET}/${key}`, '--expires-in', '600');
    expect(url).toContain('X-Amz-Signature=');
    const client = clientFor(abroad);
    const made = (await client.call('CreateSnapshot', { FileLocation: url, SnapshotSize: snapshot.VolumeSize * GiB, Description: 'imported from eu-west-2' })).Snapshot!;
    expect(made).toMatchObject({ AccountId: abroad.AccountId, VolumeSize: snapshot.VolumeSize, State: 'in-queue' });
    clock.advance(30_000);
    const [now] = (await client.call('ReadSnapshots', { Filters: { SnapshotIds: [made.SnapshotId] } })).Snapshots;
    expect(now).toMatchObject({ State: 'completed', Progress: 100 });
  });

  it('refuses a size below the uncompressed size (4203), a foreign signature (4074), and a URL of another storage (4075)', async () => {
    const client = clientFor(abroad);
    expect(await refusal(client.call('CreateSnapshot', { FileLocation: url, SnapshotSize: snapshot.VolumeSize * GiB - 1 }))).toMatchObject({ status: 400, code: '4203' });
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    expect(await refusal(client.call('CreateSnapshot', { FileLocation: tampered, SnapshotSize: snapshot.VolumeSize * GiB }))).toMatchObject({ status: 400, code: '4074' });
    // signed by another account of the Region, which does not own the bucket: OOS would answer AccessDenied
    const foreign = await aws(partner, 's3', 'presign', `s3://${BUCKET}/${key}`, '--expires-in', '600');
    expect(await refusal(client.call('CreateSnapshot', { FileLocation: foreign, SnapshotSize: snapshot.VolumeSize * GiB }))).toMatchObject({ status: 400, code: '4074' });
    const elsewhere = url.replace(new URL(url).host, 'storage.example.com');
    expect(await refusal(client.call('CreateSnapshot', { FileLocation: elsewhere, SnapshotSize: snapshot.VolumeSize * GiB }))).toMatchObject({ status: 400, code: '4075' });
    const missing = await aws(operator, 's3', 'presign', `s3://${BUCKET}/route/nothing.qcow2.gz`, '--expires-in', '600');
    expect(await refusal(client.call('CreateSnapshot', { FileLocation: missing, SnapshotSize: snapshot.VolumeSize * GiB }))).toMatchObject({ status: 400, code: '5037' });
  });

  it('refuses an expired URL (4074) and says so', async () => {
    const short = await aws(operator, 's3', 'presign', `s3://${BUCKET}/${key}`, '--expires-in', '5');
    clock.advance(10_000);
    const refused = await refusal(clientFor(abroad).call('CreateSnapshot', { FileLocation: short, SnapshotSize: snapshot.VolumeSize * GiB }));
    expect(refused).toMatchObject({ status: 400, code: '4074' });
    expect(refused.details).toMatch(/expired/i);
    // the refusal quotes no signature
    expect(refused.details).not.toMatch(/X-Amz-Signature=[0-9a-f]{16}/);
  });
});
