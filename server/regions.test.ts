/**
 * The multi-Region sandbox (issue 14 item 3) over real HTTP with the browser's client (aws4fetch) and curl-style
 * OSC4 signatures: each Region's endpoint (`/{region}/api/v1`, `/{region}/fcu/`) takes only signatures scoped to
 * its Region and keys of its accounts; each Region has its own data; the demo operator has an account in two Regions;
 * the Region-less endpoints keep working as before (the key's account's Region).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsClient } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOscClient, type OscClient } from '../src/api/client';
import { OscApiError } from '../src/api/errors';
import { demoAccountsResponseSchema, type DemoAccount } from '../src/api/sandbox';
import { createApp } from './app';
import { DEMO_ABROAD, DEMO_OPERATOR, DEMO_OPERATOR_US, DEMO_PARTNER, seedDemo } from './model/seed';
import { ManualClock } from './osc/clock';
import { openStore, type Store } from './model/store';
import { regionOfPath, routeOf } from './routes';

let server: Server;
let store: Store;
let base = '';
let accounts: DemoAccount[];
const clock = new ManualClock(new Date());

const account = (alias: string) => accounts.find((a) => a.AccountAlias === alias)!;
/** A client at a Region's endpoint (or the Region-less one), signing for `scope` (default: the endpoint's Region). */
const clientAt = (who: DemoAccount, endpointRegion: string | null, scope = endpointRegion ?? who.Region): OscClient =>
  createOscClient({ endpoint: endpointRegion ? `${base}/${endpointRegion}` : base, region: scope, accessKey: who.AccessKey, secretKey: who.SecretKey });

async function refusal(call: Promise<unknown>): Promise<OscApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OscApiError);
  return error as OscApiError;
}

beforeAll(async () => {
  store = openStore(':memory:');
  seedDemo(store, clock.now(), { publicSnapshots: 3 });
  const app = createApp({ store, clock, model: { speed: 100 }, demoKeySecret: 'f'.repeat(64) });
  server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  accounts = demoAccountsResponseSchema.parse(await (await fetch(`${base}/sandbox/accounts`)).json()).Accounts;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  store.close();
});

describe('the routes of a Region endpoint', () => {
  it('names the Region of /{region}/api and /{region}/fcu paths only', () => {
    expect(regionOfPath('/us-east-2/api/v1/ReadSnapshots')).toBe('us-east-2');
    expect(regionOfPath('/cloudgouv-eu-west-1/fcu/')).toBe('cloudgouv-eu-west-1');
    expect(regionOfPath('/api/v1/ReadSnapshots')).toBeUndefined();
    expect(regionOfPath('/snapshots/snap-12345678')).toBeUndefined();
    expect(routeOf('POST', '/us-east-2/api/v1/ReadSnapshots')).toMatchObject({ serve: 'regionApi' });
    expect(routeOf('POST', '/us-east-2/api/latest/ReadSnapshots').match[1]).toBe('ReadSnapshots');
    expect(routeOf('GET', '/eu-west-2/fcu/')).toMatchObject({ serve: 'regionFcu' });
    expect(routeOf('OPTIONS', '/eu-west-2/api/v1/ReadVolumes')).toMatchObject({ serve: 'apiPreflight' });
    expect(routeOf('GET', '/eu-west-2/api/v1/ReadVolumes')).toMatchObject({ serve: 'apiMiss', allowed: ['POST'] });
    expect(routeOf('GET', '/eu-west-2/')).toMatchObject({ serve: 'page' });
  });
});

describe('the demo operator in two Regions', () => {
  it('lists both accounts of the operator, each in its Region with its own keys, of one organisation', () => {
    const eu = account(DEMO_OPERATOR.alias);
    const us = account(DEMO_OPERATOR_US.alias);
    expect(eu).toMatchObject({ AccountId: DEMO_OPERATOR.accountId, Region: 'eu-west-2', Role: 'operator' });
    expect(us).toMatchObject({ AccountId: DEMO_OPERATOR_US.accountId, Region: 'us-east-2', Role: 'operator' });
    expect(us.AccountId).toMatch(/^\d{12}$/);
    expect(us.AccessKey).not.toBe(eu.AccessKey);
    // Derived from the server secret, as every demo key: never the published constant.
    expect(us.SecretKey).not.toBe(DEMO_OPERATOR_US.secretKey);
    expect(us.SecretKey).toMatch(/^[0-9A-F]{40}$/);
    expect(us.Organisation).toBe(eu.Organisation);
    expect(account(DEMO_PARTNER.alias).Organisation).not.toBe(eu.Organisation);
    // The first operator listed is still the eu-west-2 one (clients that take the first 'operator' are unchanged).
    expect(accounts.find((a) => a.Role === 'operator')!.AccountId).toBe(DEMO_OPERATOR.accountId);
  });

  it('gives the us-east-2 account volumes and snapshots of its own, in us-east-2 Subregions', async () => {
    const us = clientAt(account(DEMO_OPERATOR_US.alias), 'us-east-2');
    const { Volumes } = await us.call('ReadVolumes');
    expect(Volumes.length).toBeGreaterThanOrEqual(3);
    expect(Volumes.every((v) => v.SubregionName.startsWith('us-east-2'))).toBe(true);
    const { Snapshots } = await us.call('ReadSnapshots', { Filters: { AccountIds: [DEMO_OPERATOR_US.accountId] } });
    expect(Snapshots.length).toBeGreaterThanOrEqual(3);
    const volumeIds = new Set(Volumes.map((v) => v.VolumeId));
    expect(Snapshots.every((s) => volumeIds.has(s.VolumeId ?? ''))).toBe(true);
    const { Accounts } = await us.call('ReadAccounts');
    expect(Accounts[0]!.AccountId).toBe(DEMO_OPERATOR_US.accountId);
  });
});

describe('each Region has its own data', () => {
  it('shows an account nothing of another Region: not public snapshots, not the other account of its organisation', async () => {
    const eu = clientAt(account(DEMO_OPERATOR.alias), 'eu-west-2');
    const us = clientAt(account(DEMO_OPERATOR_US.alias), 'us-east-2');
    const euAll = (await eu.call('ReadSnapshots')).Snapshots;
    const usAll = (await us.call('ReadSnapshots')).Snapshots;
    expect(euAll.some((s) => s.PermissionsToCreateVolume.GlobalPermission && s.AccountId !== DEMO_OPERATOR.accountId)).toBe(true);
    // eu-west-2's public snapshots (the partner's and the publisher's) are not seen from us-east-2.
    expect(usAll.every((s) => s.AccountId === DEMO_OPERATOR_US.accountId)).toBe(true);
    expect(euAll.some((s) => s.AccountId === DEMO_OPERATOR_US.accountId)).toBe(false);
    const publicEu = euAll.find((s) => s.PermissionsToCreateVolume.GlobalPermission && s.AccountId !== DEMO_OPERATOR.accountId)!;
    expect((await us.call('ReadSnapshots', { Filters: { SnapshotIds: [publicEu.SnapshotId] } })).Snapshots).toEqual([]);
    // The same by ID twice (the second read may come from the settled-JSON cache): still not seen.
    expect((await us.call('ReadSnapshots', { Filters: { SnapshotIds: [publicEu.SnapshotId] } })).Snapshots).toEqual([]);
    expect((await eu.call('ReadSnapshots', { Filters: { SnapshotIds: [publicEu.SnapshotId] } })).Snapshots).toHaveLength(1);
    expect((await us.call('ReadVolumes')).Volumes.every((v) => v.SubregionName.startsWith('us-east-2'))).toBe(true);
  });

  it('refuses to copy, tag or share across Regions', async () => {
    const eu = clientAt(account(DEMO_OPERATOR.alias), 'eu-west-2');
    const us = clientAt(account(DEMO_OPERATOR_US.alias), 'us-east-2');
    const publicEu = (await eu.call('ReadSnapshots', { Filters: { PermissionsToCreateVolumeGlobalPermission: true } })).Snapshots[0]!;
    const copy = await refusal(us.call('CreateSnapshot', { SourceSnapshotId: publicEu.SnapshotId, SourceRegionName: 'us-east-2' }));
    expect([copy.status, copy.code]).toEqual([400, '5054']);
    const usSnapshot = (await us.call('ReadSnapshots')).Snapshots[0]!;
    const tag = await refusal(eu.call('CreateTags', { ResourceIds: [usSnapshot.SnapshotId], Tags: [{ Key: 'x', Value: 'y' }] }));
    expect(tag.status).toBe(400);
    const share = await refusal(us.call('UpdateSnapshot', {
      SnapshotId: usSnapshot.SnapshotId,
      PermissionsToCreateVolume: { Additions: { AccountIds: [DEMO_OPERATOR.accountId] } },
    }));
    expect([share.status, share.code]).toEqual([400, '5075']);
    // Within us-east-2 sharing works: the abroad account lives there.
    const shared = await us.call('UpdateSnapshot', {
      SnapshotId: usSnapshot.SnapshotId,
      PermissionsToCreateVolume: { Additions: { AccountIds: [DEMO_ABROAD.accountId] } },
    });
    expect(shared.Snapshot?.PermissionsToCreateVolume.AccountIds).toContain(DEMO_ABROAD.accountId);
    const abroad = clientAt(account(DEMO_ABROAD.alias), 'us-east-2');
    expect((await abroad.call('ReadSnapshots')).Snapshots.map((s) => s.SnapshotId)).toContain(usSnapshot.SnapshotId);
  });
});

describe('a Region endpoint takes its own Region only', () => {
  it('refuses a signature scoped to another Region (code 1, 401), even with the right keys', async () => {
    const us = account(DEMO_OPERATOR_US.alias);
    const error = await refusal(clientAt(us, 'us-east-2', 'eu-west-2').call('ReadAccounts'));
    expect([error.status, error.code, error.type]).toEqual([401, '1', 'AccessDenied']);
    expect(error.details).toContain("signed for the Region 'eu-west-2'");
    expect(error.details).toContain('us-east-2 endpoint');
  });

  it("refuses the key of an account of another Region (code 1, 401), saying where the account lives", async () => {
    const eu = account(DEMO_OPERATOR.alias);
    const error = await refusal(clientAt(eu, 'us-east-2').call('ReadSnapshots'));
    expect([error.status, error.code, error.type]).toEqual([401, '1', 'AccessDenied']);
    expect(error.details).toContain('belongs to an account of eu-west-2, not of us-east-2');
    expect(error.details).not.toContain(eu.SecretKey);
  });

  it('refuses a forged signature at a Region endpoint as everywhere, without saying where the key lives', async () => {
    const eu = account(DEMO_OPERATOR.alias);
    const forged = createOscClient({ endpoint: `${base}/us-east-2`, region: 'us-east-2', accessKey: eu.AccessKey, secretKey: 'WRONG' });
    const error = await refusal(forged.call('ReadAccounts'));
    expect([error.status, error.code]).toEqual([401, '1']);
    expect(error.details).not.toContain('eu-west-2');
  });

  it('serves each account at its own Region endpoint, and both at the Region-less one', async () => {
    const eu = account(DEMO_OPERATOR.alias);
    const us = account(DEMO_OPERATOR_US.alias);
    expect((await clientAt(eu, 'eu-west-2').call('ReadAccounts')).Accounts[0]!.AccountId).toBe(eu.AccountId);
    expect((await clientAt(us, 'us-east-2').call('ReadAccounts')).Accounts[0]!.AccountId).toBe(us.AccountId);
    expect((await clientAt(us, null).call('ReadAccounts')).Accounts[0]!.AccountId).toBe(us.AccountId);
    // The Region-less endpoint does not check the scope (osc-sdk-go v2 signs eu-west-2 everywhere).
    expect((await clientAt(us, null, 'eu-west-2').call('ReadAccounts')).Accounts[0]!.AccountId).toBe(us.AccountId);
  });

  it('answers ReadRegions unsigned at every Region endpoint, with OUTSCALE hosts', async () => {
    const response = await fetch(`${base}/ap-northeast-1/api/v1/ReadRegions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { Regions: { RegionName: string; Endpoint: string }[] };
    expect(body.Regions.find((r) => r.RegionName === 'us-east-2')?.Endpoint).toBe('api.us-east-2.outscale.com');
  });

  it("answers an unknown Region's endpoint with the face's error envelope", async () => {
    const response = await fetch(`${base}/mars-west-9/api/v1/ReadRegions`, { method: 'POST', body: '{}' });
    expect(response.status).toBeLessThan(500);
    expect(response.status).toBeGreaterThanOrEqual(400);
    const body = (await response.json()) as { Errors: { Code: string; Details: string }[]; ResponseContext: { RequestId: string } };
    expect(body.Errors[0]!.Details).toContain("'mars-west-9' is not one of OUTSCALE's public Regions");
    expect(body.ResponseContext.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const fcu = await fetch(`${base}/mars-west-9/fcu/?Action=DescribeSnapshots`);
    expect(fcu.status).toBe(400);
    expect(await fcu.text()).toContain('<Code>InvalidAction</Code>');
  });
});

describe('the FCU face of a Region', () => {
  const fcu = (who: DemoAccount, endpointRegion: string, scope = endpointRegion) =>
    new AwsClient({ accessKeyId: who.AccessKey, secretAccessKey: who.SecretKey, service: 'ec2', region: scope }).fetch(
      `${base}/${endpointRegion}/fcu/?Action=DescribeSnapshots&Version=2016-11-15&Owner.1=self`,
    );

  it("describes the account's own snapshots at its Region's FCU endpoint", async () => {
    const response = await fcu(account(DEMO_OPERATOR_US.alias), 'us-east-2');
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toContain(`<ownerId>${DEMO_OPERATOR_US.accountId}</ownerId>`);
    expect(xml).not.toContain(`<ownerId>${DEMO_OPERATOR.accountId}</ownerId>`);
  });

  it('refuses another Region scope and another Region account with AuthFailure (401)', async () => {
    const scope = await fcu(account(DEMO_OPERATOR_US.alias), 'us-east-2', 'eu-west-2');
    expect(scope.status).toBe(401);
    expect(await scope.text()).toContain('<Code>AuthFailure</Code>');
    const elsewhere = await fcu(account(DEMO_OPERATOR.alias), 'us-east-2');
    expect(elsewhere.status).toBe(401);
    expect(await elsewhere.text()).toContain('belongs to an account of eu-west-2');
  });
});
