/**
 * The whole path over real HTTP: the browser's typed client (src/api) signs with aws4fetch, the sandbox
 * verifies the signature, validates with the same schemas and answers from SQLite.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOscClient, type OscClient } from '../src/api/client';
import { OscApiError } from '../src/api/errors';
import { demoAccountsResponseSchema, type DemoAccount } from '../src/api/sandbox';
import { createApp } from './app';
import { ManualClock } from './osc/clock';
import { seedDemo } from './model/seed';
import { openStore, type Store } from './model/store';

let server: Server;
let store: Store;
let base = '';
let operator: DemoAccount;
let partner: DemoAccount;
const clock = new ManualClock(new Date());

const clientFor = (account: DemoAccount): OscClient =>
  createOscClient({ endpoint: base, region: account.Region, accessKey: account.AccessKey, secretKey: account.SecretKey });

beforeAll(async () => {
  store = openStore(':memory:');
  seedDemo(store, clock.now());
  const app = createApp({ store, clock, model: { speed: 100 } });
  server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = demoAccountsResponseSchema.parse(await (await fetch(`${base}/sandbox/accounts`)).json()).Accounts;
  operator = accounts.find((a) => a.Role === 'operator')!;
  partner = accounts.find((a) => a.Role === 'partner')!;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  store.close();
});

describe('the sandbox over HTTP with the real client', () => {
  it('lists demo accounts for the page, with keys', () => {
    expect(operator.Region).toBe('eu-west-2');
    expect(operator.AccessKey).toMatch(/^[A-Z0-9]{20}$/);
    expect(partner.AccountId).toMatch(/^\d{12}$/);
  });

  it('answers ReadRegions without credentials and ReadAccounts with them', async () => {
    const regions = await createOscClient({ endpoint: base, region: 'eu-west-2', accessKey: 'x', secretKey: 'y' }).call('ReadRegions');
    expect(regions.Regions.map((r) => r.RegionName)).toContain('eu-west-2');
    const me = await clientFor(operator).call('ReadAccounts');
    expect(me.Accounts[0]?.AccountId).toBe(operator.AccountId);
  });

  it('copies a shared partner snapshot and watches it complete as the clock moves', async () => {
    const client = clientFor(operator);
    const visible = await client.call('ReadSnapshots', { Filters: { AccountIds: [partner.AccountId] } });
    const shared = visible.Snapshots.find((s) => s.PermissionsToCreateVolume.AccountIds.includes(operator.AccountId));
    expect(shared, 'the partner shares a snapshot with the operator').toBeDefined();

    const dry = await client.call('CreateSnapshot', {
      SourceSnapshotId: shared!.SnapshotId,
      SourceRegionName: 'eu-west-2',
      DryRun: true,
    });
    expect(dry.Snapshot).toBeUndefined();

    const created = await client.call('CreateSnapshot', {
      SourceSnapshotId: shared!.SnapshotId,
      SourceRegionName: 'eu-west-2',
      Description: 'copy over HTTP',
      ClientToken: 'http-test-1',
    });
    const copy = created.Snapshot!;
    expect(copy).toMatchObject({ AccountId: operator.AccountId, State: 'in-queue', Progress: 0, VolumeSize: shared!.VolumeSize });

    const again = await client.call('CreateSnapshot', {
      SourceSnapshotId: shared!.SnapshotId,
      SourceRegionName: 'eu-west-2',
      Description: 'copy over HTTP',
      ClientToken: 'http-test-1',
    });
    expect(again.Snapshot?.SnapshotId).toBe(copy.SnapshotId);

    // four minutes: long enough at speed 100, short enough to stay inside the signatures' 5-minute window
    clock.advance(4 * 60 * 1000);
    const done = await client.call('ReadSnapshots', { Filters: { SnapshotIds: [copy.SnapshotId] } });
    expect(done.Snapshots[0]).toMatchObject({ State: 'completed', Progress: 100 });
  });

  it('throws OscApiError with the envelope for a wrong Region and a private snapshot', async () => {
    const client = clientFor(operator);
    const own = await client.call('ReadSnapshots', { Filters: { AccountIds: [operator.AccountId], States: ['completed'] }, ResultsPerPage: 1 });
    const source = own.Snapshots[0]!;
    const wrongRegion = await client
      .call('CreateSnapshot', { SourceSnapshotId: source.SnapshotId, SourceRegionName: 'us-east-2' })
      .catch((e: unknown) => e);
    expect(wrongRegion).toBeInstanceOf(OscApiError);
    expect(wrongRegion).toMatchObject({ status: 400, type: 'InvalidParameterValue' });
    expect((wrongRegion as OscApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);

    const partnerOwn = await clientFor(partner).call('ReadSnapshots', { Filters: { AccountIds: [partner.AccountId] } });
    const privateOne = partnerOwn.Snapshots.find(
      (s) => !s.PermissionsToCreateVolume.GlobalPermission && s.PermissionsToCreateVolume.AccountIds.length === 0,
    )!;
    const hidden = await client
      .call('CreateSnapshot', { SourceSnapshotId: privateOne.SnapshotId, SourceRegionName: 'eu-west-2' })
      .catch((e: unknown) => e);
    expect(hidden).toMatchObject({ status: 400, code: '5054', type: 'InvalidResource' });
  });

  it('rejects a wrong secret key with code 1', async () => {
    const bad = createOscClient({ endpoint: base, region: 'eu-west-2', accessKey: operator.AccessKey, secretKey: 'wrong' });
    await expect(bad.call('ReadAccounts')).rejects.toMatchObject({ status: 401, code: '1', type: 'AccessDenied' });
    await clientFor(operator).call('ReadAccounts');
  });
});

describe('the sandbox fault knob', () => {
  it('makes the next N signed calls answer 429 code 24, then recovers', async () => {
    const set = await fetch(`${base}/sandbox/faults`, { method: 'POST', body: '{"throttleNext":2}' });
    expect(set.status).toBe(200);
    const client = clientFor(operator);
    await expect(client.call('ReadAccounts')).rejects.toMatchObject({ status: 429, code: '24', type: 'AccessDenied' });
    await expect(client.call('ReadSnapshots', { ResultsPerPage: 1 })).rejects.toMatchObject({ status: 429 });
    expect((await client.call('ReadAccounts')).Accounts[0]?.AccountId).toBe(operator.AccountId);
    expect((await fetch(`${base}/sandbox/faults`, { method: 'POST', body: '{"throttleNext":-1}' })).status).toBe(400);
  });
});

describe('the sandbox reset', () => {
  it('is off unless the app is given a way to reseed', async () => {
    const response = await fetch(`${base}/sandbox/reset`, { method: 'POST' });
    expect(response.status).not.toBe(200);
  });
});

describe('sandbox controls from another site', () => {
  it('are refused', async () => {
    const response = await fetch(`${base}/sandbox/faults`, { method: 'POST', body: '{"throttleNext":3}', headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    await clientFor(operator).call('ReadAccounts');
  });
});
