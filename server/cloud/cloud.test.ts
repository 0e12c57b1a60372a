/**
 * The server in front of a real OUTSCALE: a second sandbox stands in for the cloud (with real signature
 * checks), and the console server signs for a profile, passes browser-signed calls through, guards itself
 * with a token, and sends its security headers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOscClient } from '../../src/api/client';
import { createApp, type AppOptions } from '../app';
import { systemClock } from '../osc/clock';
import { DEMO_OPERATOR, seedDemo } from '../model/seed';
import { openStore } from '../model/store';
import { loadProfiles, pickProfiles } from './profiles';

const servers: Server[] = [];
const JSON_TYPE = { 'content-type': 'application/json' };
const dirs: string[] = [];
const cloudCalls: { action: string; status: number }[] = [];

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function consoleApp(options: Partial<AppOptions>) {
  const store = openStore(':memory:');
  seedDemo(store, systemClock.now());
  const dist = mkdtempSync(join(tmpdir(), 'dist-'));
  dirs.push(dist);
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>t</title>');
  return createApp({ store, clock: systemClock, staticDir: dist, ...options }).listener;
}

let cloud = '';
let hanging = '';
let console_ = '';
let guarded = '';

beforeAll(async () => {
  const cloudStore = openStore(':memory:');
  seedDemo(cloudStore, systemClock.now());
  cloud = await listen(
    createApp({
      store: cloudStore,
      clock: systemClock,
      model: { speed: 100 },
      log: (line) => {
        const [status, action] = line.split(' ');
        cloudCalls.push({ action: action ?? '', status: Number(status) });
      },
    }).listener,
  );
  hanging = await listen(() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'osc-config-'));
  dirs.push(dir);
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      standin: { access_key: DEMO_OPERATOR.accessKey, secret_key: DEMO_OPERATOR.secretKey, region: 'eu-west-2', endpoints: { api: `${cloud}/api/v1` } },
      silent: { access_key: 'AK', secret_key: 'SK', region: 'eu-west-2', endpoints: { api: hanging } },
      nowhere: { access_key: 'AK', secret_key: 'SK', region: 'eu-west-2', endpoints: { api: 'http://snapshot-console-test.invalid' } },
    }),
  );
  const profiles = pickProfiles(loadProfiles({ OSC_CONFIG_FILE: config }), ['all']);
  const cloudOptions = { profiles, accountIds: new Map([['standin', DEMO_OPERATOR.accountId]]), extraEndpoints: [cloud], timeoutMs: 1500 };
  console_ = await listen(consoleApp({ cloud: cloudOptions }));
  guarded = await listen(consoleApp({ cloud: cloudOptions, accessToken: 'let-me-in' }));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe('profiles signed by the server', () => {
  it('lists names, Regions and account IDs, never keys', async () => {
    const text = await (await fetch(`${console_}/profiles`)).text();
    expect(JSON.parse(text).Profiles).toContainEqual({ Name: 'standin', Region: 'eu-west-2', AccountId: DEMO_OPERATOR.accountId });
    expect(text).not.toContain(DEMO_OPERATOR.secretKey);
    expect(text).not.toContain(DEMO_OPERATOR.accessKey);
  });

  it('signs and forwards the dashboard calls; the stand-in cloud verifies every signature', async () => {
    cloudCalls.length = 0;
    const client = createOscClient({ endpoint: `${console_}/profiles/standin`, region: 'eu-west-2' });
    const me = await client.call('ReadAccounts');
    expect(me.Accounts[0]?.AccountId).toBe(DEMO_OPERATOR.accountId);
    const source = (await client.call('ReadSnapshots', { Filters: { States: ['completed'], AccountIds: [DEMO_OPERATOR.accountId] } })).Snapshots[0]!;
    const made = await client.call('CreateSnapshot', { SourceSnapshotId: source.SnapshotId, SourceRegionName: 'eu-west-2' });
    expect(made.Snapshot?.AccountId).toBe(DEMO_OPERATOR.accountId);
    expect(cloudCalls.map((c) => c.action)).toEqual(['ReadAccounts', 'ReadSnapshots', 'CreateSnapshot']);
    expect(cloudCalls.every((c) => c.status === 200)).toBe(true);
  });

  it("passes OUTSCALE's throttling on with its Retry-After", async () => {
    expect((await fetch(`${cloud}/sandbox/faults`, { method: 'POST', body: '{"throttleNext":1}' })).status).toBe(200);
    const throttled = await fetch(`${console_}/profiles/standin/api/v1/ReadAccounts`, { method: 'POST', body: '{}', headers: JSON_TYPE });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect((await throttled.json()).Errors[0].Code).toBe('24');
  });

  it('forwards only the actions the dashboard uses, and only for known profiles', async () => {
    const other = await fetch(`${console_}/profiles/standin/api/v1/DeleteVpc`, { method: 'POST', body: '{}', headers: JSON_TYPE });
    expect(other.status).toBe(404);
    expect((await other.json()).Errors[0].Details).toMatch(/not one the dashboard uses/);
    const unknown = await fetch(`${console_}/profiles/prod/api/v1/ReadAccounts`, { method: 'POST', body: '{}', headers: JSON_TYPE });
    expect((await unknown.json()).Errors[0].Details).toMatch(/No profile named 'prod'/);
  });

  it('turns a silent endpoint and an unknown host into clear errors, not hangs', async () => {
    const slow = createOscClient({ endpoint: `${console_}/profiles/silent`, region: 'eu-west-2' });
    await expect(slow.call('ReadAccounts')).rejects.toMatchObject({ status: 504, type: 'GatewayTimeout', details: expect.stringMatching(/did not answer within 2 s/) });
    const lost = createOscClient({ endpoint: `${console_}/profiles/nowhere`, region: 'eu-west-2' });
    await expect(lost.call('ReadAccounts')).rejects.toMatchObject({ status: 502, type: 'BadGateway', details: expect.stringMatching(/does not resolve|could not be reached/) });
  });
});

describe('no other site can make a browser use the profiles', () => {
  it.each([
    ['a form post (not JSON)', { 'content-type': 'text/plain' }, '5'],
    ['another Origin', { ...JSON_TYPE, origin: 'https://evil.example' }, '5'],
    ['a rebound DNS name', { ...JSON_TYPE, host: 'evil.example' }, '14'],
  ])('refuses %s, and nothing reaches the cloud', async (_name, headers, code) => {
    cloudCalls.length = 0;
    const url = new URL(`${console_}/profiles/standin/api/v1/ReadAccounts`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.end('{}');
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).Errors[0].Code).toBe(code);
    expect(cloudCalls).toEqual([]);
  });
});

describe('the pass-through for browser-signed calls', () => {
  it('forwards a call signed for the real endpoint, and refuses unknown endpoints', async () => {
    cloudCalls.length = 0;
    const client = createOscClient({
      endpoint: cloud,
      region: 'eu-west-2',
      accessKey: DEMO_OPERATOR.accessKey,
      secretKey: DEMO_OPERATOR.secretKey,
      via: `${console_}/passthrough/${encodeURIComponent(cloud)}`,
    });
    expect((await client.call('ReadAccounts')).Accounts[0]?.AccountId).toBe(DEMO_OPERATOR.accountId);
    expect(cloudCalls).toEqual([{ action: 'ReadAccounts', status: 200 }]);
    const elsewhere = await fetch(`${console_}/passthrough/${encodeURIComponent('https://evil.example')}/api/v1/ReadAccounts`, { method: 'POST', body: '{}', headers: JSON_TYPE });
    expect(elsewhere.status).toBe(401);
    expect((await elsewhere.json()).Errors[0].Details).toMatch(/only passes calls through to OUTSCALE endpoints it knows/);
  });
});

describe('serving the page safely', () => {
  it('sends a CSP without inline script, connect-src limited to itself and the endpoints in use, and the other headers', async () => {
    const page = await fetch(`${console_}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(new RegExp(`connect-src 'self' .*https://api\\.eu-west-2\\.outscale\\.com.*${cloud.replace(/[.:/]/g, '\\$&')}`));
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('requires the access token on every route but the signed API faces', async () => {
    expect((await fetch(`${guarded}/`)).status).toBe(401);
    expect((await fetch(`${guarded}/profiles`)).status).toBe(401);
    // the OUTSCALE API and FCU take the signature as their credential; ReadRegions needs none
    expect((await fetch(`${guarded}/api/v1/ReadRegions`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${guarded}/profiles`, { headers: { authorization: 'Bearer let-me-in' } })).status).toBe(200);
    const opened = await fetch(`${guarded}/?access=let-me-in`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${guarded}/`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
    expect((await fetch(`${guarded}/?access=wrong`)).status).toBe(401);
  });
});
