/**
 * OOS through a profile (issue 14 item 2, "with profiles the server signs every call, OOS included"): the console
 * server signs an OOS request of the profile's Region (POST /profiles/{name}/oos-sign, path and query only) and the
 * page sends it; the stand-in's OOS takes the signature. No key comes back; bad requests get the error envelope.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { systemClock } from '../osc/clock';
import { DEMO_OPERATOR, seedDemo } from '../model/seed';
import { openStore } from '../model/store';
import { loadProfiles, pickProfiles } from './profiles';

const servers: Server[] = [];
const dirs: string[] = [];
let console_ = '';
let standinOos = '';

async function listenOn(listener: RequestListener, port: number): Promise<Server | undefined> {
  const server = createServer(listener);
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

beforeAll(async () => {
  const cloudStore = openStore(':memory:');
  seedDemo(cloudStore, systemClock.now());
  const cloudApp = createApp({ store: cloudStore, clock: systemClock });
  // The stand-in's OOS beside its API, on the API's port + 1, as the sandbox (and oosBaseFor) has it.
  let cloud = '';
  for (let attempt = 0; attempt < 20 && !cloud; attempt++) {
    const api = (await listenOn(cloudApp.listener, 0))!;
    const port = (api.address() as AddressInfo).port;
    const oos = await listenOn(cloudApp.oosListener, port + 1);
    if (oos) {
      servers.push(api, oos);
      cloud = `http://127.0.0.1:${port}`;
      standinOos = `http://127.0.0.1:${port + 1}`;
    } else await new Promise<void>((resolve) => api.close(() => resolve()));
  }
  const dir = mkdtempSync(join(tmpdir(), 'osc-config-'));
  dirs.push(dir);
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ paris: { access_key: DEMO_OPERATOR.accessKey, secret_key: DEMO_OPERATOR.secretKey, region: 'eu-west-2', endpoints: { api: `${cloud}/eu-west-2/api/v1` } } }));
  const profiles = pickProfiles(loadProfiles({ OSC_CONFIG_FILE: config }), ['paris'], { OSC_CONFIG_FILE: config });
  const store = openStore(':memory:');
  const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
  dirs.push(dist);
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>');
  const server = (await listenOn(createApp({ store, clock: systemClock, sandbox: false, staticDir: dist, cloud: { profiles, accountIds: new Map([['paris', DEMO_OPERATOR.accountId]]), timeoutMs: 3000 } }).listener, 0))!;
  servers.push(server);
  console_ = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

const signFor = (body: unknown, profile = 'paris') =>
  fetch(`${console_}/profiles/${profile}/oos-sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function send(method: string, path: string) {
  const answer = await signFor({ method, path });
  const text = await answer.text();
  expect(answer.status, text).toBe(200);
  expect(text).not.toContain(DEMO_OPERATOR.secretKey);
  const signed = JSON.parse(text) as { url: string; headers: Record<string, string> };
  return fetch(signed.url, { method, headers: signed.headers });
}

describe('OOS through a profile: the server signs, the page sends', () => {
  it("signs requests the profile's OOS takes: a bucket made, listed, an object read through a pre-signed URL", async () => {
    expect((await send('PUT', '/profile-oos-e2e')).status).toBe(200);
    expect(await (await send('GET', '/')).text()).toContain('<Name>profile-oos-e2e</Name>');
    expect((await send('GET', '/profile-oos-e2e?list-type=2&prefix=x')).status).toBe(200);
    const presigned = (await (await signFor({ method: 'GET', path: '/profile-oos-e2e/missing.gz?X-Amz-Expires=60', presign: true })).json()) as { url: string; headers: Record<string, string> };
    expect(presigned.url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(presigned.headers).toEqual({});
    // Signed right: the bucket answers for the object (there is none), not for the signature.
    const read = await fetch(presigned.url);
    expect(read.status).toBe(404);
    expect(await read.text()).toContain('<Code>NoSuchKey</Code>');
  });

  it("lets the page reach the profile's OOS (CSP connect-src)", async () => {
    const csp = (await fetch(`${console_}/`)).headers.get('content-security-policy') ?? '';
    expect(csp.split(';').find((d) => d.trim().startsWith('connect-src'))?.split(' ')).toContain(standinOos);
  });

  it('refuses what it will not sign, in the error envelope', async () => {
    for (const [body, profile] of [
      [{ method: 'POST', path: '/b' }, 'paris'],
      [{ method: 'GET', path: 'http://evil.example/b' }, 'paris'],
      [{ method: 'GET', path: '//evil.example/b' }, 'paris'],
      [{ method: 'PUT', path: '/b/k?X-Amz-Expires=60', presign: true }, 'paris'],
      [{ method: 'GET', path: '/b' }, 'nobody'],
    ] as const) {
      const answer = await signFor(body, profile);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      const json = (await answer.json()) as { Errors?: unknown[]; ResponseContext?: { RequestId?: string } };
      expect(json.Errors).toHaveLength(1);
      expect(json.ResponseContext?.RequestId).toBeTruthy();
    }
    const garbled = await fetch(`${console_}/profiles/paris/oos-sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(garbled.status, await garbled.clone().text()).toBe(400);
  });
});
