/**
 * `--profile` with one profile per Region (issue 14 item 2): a stand-in sandbox plays OUTSCALE with its Region
 * endpoints (`/{region}/api/v1`, where the scope and the key's account must be of that Region), and the console
 * server signs each call with the profile of the Region asked for; the browser names profiles, never keys.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOscClient } from '../../src/api/client';
import { OscApiError } from '../../src/api/errors';
import { createApp } from '../app';
import { systemClock } from '../osc/clock';
import { DEMO_OPERATOR, DEMO_OPERATOR_US, seedDemo } from '../model/seed';
import { openStore } from '../model/store';
import { loadProfiles, pickProfiles } from './profiles';

const servers: Server[] = [];
const dirs: string[] = [];
let console_ = '';
let config = '';

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const cloudStore = openStore(':memory:');
  seedDemo(cloudStore, systemClock.now());
  const cloud = await listen(createApp({ store: cloudStore, clock: systemClock }).listener);
  const dir = mkdtempSync(join(tmpdir(), 'osc-config-'));
  dirs.push(dir);
  config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      paris: { access_key: DEMO_OPERATOR.accessKey, secret_key: DEMO_OPERATOR.secretKey, region: 'eu-west-2', endpoints: { api: `${cloud}/eu-west-2/api/v1` } },
      ohio: { access_key: DEMO_OPERATOR_US.accessKey, secret_key: DEMO_OPERATOR_US.secretKey, region: 'us-east-2', endpoints: { api: `${cloud}/us-east-2/api/v1` } },
      // The Paris keys at the Ohio endpoint: the stand-in refuses them, as OUTSCALE would.
      misfiled: { access_key: DEMO_OPERATOR.accessKey, secret_key: DEMO_OPERATOR.secretKey, region: 'us-east-2', endpoints: { api: `${cloud}/us-east-2/api/v1` } },
    }),
  );
  const profiles = pickProfiles(loadProfiles({ OSC_CONFIG_FILE: config }), ['paris', 'ohio', 'misfiled'], { OSC_CONFIG_FILE: config });
  const accountIds = new Map([
    ['paris', DEMO_OPERATOR.accountId],
    ['ohio', DEMO_OPERATOR_US.accountId],
  ]);
  const store = openStore(':memory:');
  console_ = await listen(createApp({ store, clock: systemClock, sandbox: false, cloud: { profiles, accountIds, timeoutMs: 3000 } }).listener);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe('one profile per Region', () => {
  it('reads several profiles of several Regions, each with its own endpoint', () => {
    const profiles = pickProfiles(loadProfiles({ OSC_CONFIG_FILE: config }), ['paris', 'ohio'], { OSC_CONFIG_FILE: config });
    expect(profiles.map((p) => [p.name, p.region, p.endpoint.replace(/^http:\/\/127\.0\.0\.1:\d+/, '')])).toEqual([
      ['paris', 'eu-west-2', '/eu-west-2'],
      ['ohio', 'us-east-2', '/us-east-2'],
    ]);
  });

  it('lists each profile with its Region and account, and never a key', async () => {
    const text = await (await fetch(`${console_}/profiles`)).text();
    const { Profiles } = JSON.parse(text) as { Profiles: { Name: string; Region: string; AccountId?: string }[] };
    expect(Profiles.filter((p) => p.Name !== 'misfiled')).toEqual([
      { Name: 'paris', Region: 'eu-west-2', AccountId: DEMO_OPERATOR.accountId },
      { Name: 'ohio', Region: 'us-east-2', AccountId: DEMO_OPERATOR_US.accountId },
    ]);
    for (const secret of [DEMO_OPERATOR.secretKey, DEMO_OPERATOR_US.secretKey]) expect(text).not.toContain(secret);
  });

  it("signs each Region's calls with that Region's profile: each reaches its own account and data", async () => {
    const paris = createOscClient({ endpoint: `${console_}/profiles/paris`, region: 'eu-west-2' });
    const ohio = createOscClient({ endpoint: `${console_}/profiles/ohio`, region: 'us-east-2' });
    expect((await paris.call('ReadAccounts')).Accounts[0]!.AccountId).toBe(DEMO_OPERATOR.accountId);
    expect((await ohio.call('ReadAccounts')).Accounts[0]!.AccountId).toBe(DEMO_OPERATOR_US.accountId);
    const usSnapshots = (await ohio.call('ReadSnapshots')).Snapshots;
    expect(usSnapshots.length).toBeGreaterThan(0);
    expect(usSnapshots.every((s) => s.AccountId === DEMO_OPERATOR_US.accountId)).toBe(true);
    const euIds = new Set((await paris.call('ReadSnapshots')).Snapshots.map((s) => s.SnapshotId));
    expect(usSnapshots.some((s) => euIds.has(s.SnapshotId))).toBe(false);
  });

  it("passes on the Region endpoint's refusal of another Region's keys (code 1), without the secret", async () => {
    const misfiled = createOscClient({ endpoint: `${console_}/profiles/misfiled`, region: 'us-east-2' });
    const error = await misfiled.call('ReadAccounts').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OscApiError);
    expect([(error as OscApiError).status, (error as OscApiError).code]).toEqual([401, '1']);
    expect((error as OscApiError).details).toContain('belongs to an account of eu-west-2');
    expect(JSON.stringify(error)).not.toContain(DEMO_OPERATOR.secretKey);
  });
});
