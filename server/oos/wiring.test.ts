/**
 * The OOS face as app.ts wires it: its listener's own Host check (another name, or the API's port, refused in S3
 * XML), the page's CSP letting it read the OOS origins, and /sandbox/reset emptying the buckets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';
import { seedDemo } from '../model/seed';
import { openStore, type Store } from '../model/store';
import { ManualClock } from '../osc/clock';
import { codeOf, listen as listenOn, send, signS3 } from './test-kit';

let store: Store;
const servers: Server[] = [];
let apiPort = 0;
let oosPort = 0;
let dist = '';
const clock = new ManualClock('2026-11-24T12:00:00.000Z');

const listen = (listener: Parameters<typeof createServer>[1]) => listenOn(servers, listener);

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'oos-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>');
  store = openStore(':memory:');
  seedDemo(store, clock.now());
  const app = createApp({
    store,
    clock,
    staticDir: dist,
    reseed: () => seedDemo(store, clock.now()),
    hosts: { listenHost: '127.0.0.1', port: () => apiPort },
    oosHosts: { listenHost: '127.0.0.1', port: () => oosPort },
    oosOrigins: ['http://127.0.0.1:4174', 'http://localhost:4174'],
  });
  apiPort = await listen(app.listener);
  oosPort = await listen(app.oosListener);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  store.close();
  rmSync(dist, { recursive: true, force: true });
});

const call = (method: string, target: string, host = `127.0.0.1:${oosPort}`) => send(oosPort, method, target, signS3({ method, target, host, date: clock.now() }));

it("checks the OOS listener's Host against its own port", async () => {
  expect((await call('GET', '/')).status).toBe(200);
  expect((await call('GET', '/', `localhost:${oosPort}`)).status).toBe(200);
  for (const host of ['evil.example', `127.0.0.1:${apiPort}`]) {
    const refused = await call('GET', '/', host);
    expect([refused.status, codeOf(refused)], host).toEqual([403, 'AccessDenied']);
    expect(refused.text).toContain('DNS rebinding');
  }
});

it("lets the page read the OOS origins and OUTSCALE's OOS endpoints (CSP connect-src)", async () => {
  const page = await fetch(`http://127.0.0.1:${apiPort}/`);
  const csp = page.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/connect-src 'self' [^;]*https:\/\/oos\.eu-west-2\.outscale\.com[^;]* http:\/\/127\.0\.0\.1:4174 http:\/\/localhost:4174/);
});

it('/sandbox/reset empties the buckets', async () => {
  expect((await call('PUT', '/before-reset')).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${apiPort}/sandbox/reset`, { method: 'POST' })).status).toBe(200);
  expect((await call('GET', '/')).text).not.toContain('before-reset');
});
