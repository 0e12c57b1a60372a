/**
 * Issue 9, items 6 to 12: what a stranger must not be able to do to the server, over real HTTP.
 * Each describe block names the item it proves; every test here failed before the fix it covers.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type AppOptions } from './app';
import { answerClientError } from './client-error';
import { createHostCheck } from './host-check';
import { ManualClock } from './osc/clock';
import { amzTimestamp, canonicalQuery, canonicalRequest, sha256Hex, signatureHex, signingKey, signRequest, stringToSign } from './osc/sigv4';
import { DEMO_OPERATOR, DEMO_PARTNER, seedDemo } from './model/seed';
import { DEMO_KEY_FILE, DemoKeyError, loadDemoKeySecret, removeDemoKeySecret } from './demo-key';
import { startServer, type ServerChild } from './fuzz/harness';
import { openStore, type Store } from './model/store';

const servers: Server[] = [];
const dirs: string[] = [];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP call: unlike fetch, it can send any Host header and any path bytes. */
function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const framing = body === undefined || headers['transfer-encoding'] ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const request = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { ...framing, ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function listen(options: Partial<AppOptions> & { store: Store }): Promise<string> {
  const dist = mkdtempSync(join(tmpdir(), 'dist-'));
  dirs.push(dist);
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  // as server/main.ts creates it
  const server = createServer({ requireHostHeader: false }, createApp({ clock: options.clock ?? new ManualClock(new Date()), staticDir: dist, ...options }).listener);
  server.on('clientError', answerClientError);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function freshStore(): Store {
  const store = openStore(':memory:');
  seedDemo(store, new Date());
  return store;
}

function expectEnvelope(answer: Answer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const json = JSON.parse(answer.body) as { Errors: { Code: string; Type: string; Details: string }[]; ResponseContext: { RequestId: string } };
  expect(json.Errors).toHaveLength(1);
  expect(json.Errors[0]).toMatchObject({ Code: code, Type: expect.any(String), Details: expect.any(String) });
  expect(json.ResponseContext.RequestId).toMatch(UUID);
  return json.Errors[0]!;
}

function expectEc2Xml(answer: Answer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^text\/xml/);
  expect(answer.body).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\s*<Response><Errors><Error><Code>${code.replace('.', '\\.')}</Code><Message>[^<]*</Message></Error></Errors><RequestID>[0-9a-f-]{36}</RequestID></Response>$`));
}

function signedHeaders(base: string, path: string, body: string, secretKey: string = DEMO_OPERATOR.secretKey, extra: Record<string, string> = {}, date = new Date()) {
  return signRequest({
    method: 'POST',
    url: `${base}${path}`,
    headers: { 'content-type': 'application/json', ...extra },
    body,
    accessKey: DEMO_OPERATOR.accessKey,
    secretKey,
    region: 'eu-west-2',
    service: 'api',
    date,
    signedHeaders: ['content-type', 'host', 'x-amz-date'],
  });
}

function fcuQuery(base: string, query: string, secretKey: string = DEMO_OPERATOR.secretKey, service = 'ec2') {
  return signRequest({
    method: 'GET',
    url: `${base}/fcu/?${query}`,
    headers: {},
    body: '',
    accessKey: DEMO_OPERATOR.accessKey,
    secretKey,
    region: 'eu-west-2',
    service,
  });
}

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
afterEach(() => vi.restoreAllMocks());

describe('6. DNS rebinding: a foreign Host is refused on every route, in that route face', () => {
  let base = '';
  let store: Store;
  let reseeded = 0;
  const port = () => new URL(base).port;
  beforeAll(async () => {
    store = freshStore();
    base = await listen({
      store,
      reseed: () => {
        reseeded += 1;
        seedDemo(store, new Date());
      },
    });
  });

  it('does not give the demo secret keys to a rebound name', async () => {
    const answer = await call(base, 'GET', '/sandbox/accounts', { host: `evil.example:${port()}` });
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body).error).toMatch(/Host 'evil\.example:\d+' is not an address of this server.*--allowed-host evil\.example/);
    expect(answer.body).not.toContain(DEMO_OPERATOR.secretKey);
  });

  it('does not wipe the data for a rebound name, even with a matching Origin', async () => {
    const answer = await call(base, 'POST', '/sandbox/reset', { host: `evil.example:${port()}`, origin: `http://evil.example:${port()}` });
    expect(answer.status).toBe(403);
    expect(reseeded).toBe(0);
    // the same call with this server's own Host does reset: the Host alone made the difference
    expect((await call(base, 'POST', '/sandbox/reset', { origin: base })).status).toBe(200);
    expect(reseeded).toBe(1);
  });

  it('answers the OUTSCALE API, the profile routes, FCU and the page each in its own format', async () => {
    const host = { host: `evil.example:${port()}` };
    const api = expectEnvelope(await call(base, 'POST', '/api/v1/ReadAccounts', { ...signedHeaders(base, '/api/v1/ReadAccounts', '{}'), ...host }, '{}'), 401, '14');
    expect(api).toMatchObject({ Type: 'AccessDenied', Details: expect.stringMatching(/DNS rebinding/) });
    expectEnvelope(await call(base, 'OPTIONS', '/api/v1/ReadAccounts', host), 401, '14');
    expectEnvelope(await call(base, 'GET', '/profiles', host), 401, '14');
    expectEnvelope(await call(base, 'POST', '/passthrough/x/api/v1/ReadAccounts', { ...host, 'content-type': 'application/json' }, '{}'), 401, '14');
    expectEc2Xml(await call(base, 'GET', '/fcu/?Action=DescribeSnapshots', host), 401, 'AuthFailure');
    const page = await call(base, 'GET', '/', host);
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/^text\/plain/);
    expect(page.body).not.toContain('<title>console');
  });

  it.each([
    ['no Host at all', undefined],
    ['a Host that is not a name', 'evil example'],
    ['a loopback name on another port', 'localhost:1'],
    ['a name ending like localhost', 'evil-localhost'],
  ])('refuses %s', async (_name, value) => {
    // node:http always adds a Host; setHost false leaves it out
    const url = new URL(base);
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = httpRequest(
        { host: url.hostname, port: url.port, path: '/sandbox/accounts', setHost: false, headers: value === undefined ? {} : { host: value } },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        },
      );
      request.on('error', reject);
      request.end();
    });
    // a listener created without its port (tests) accepts any port: only the name is wrong here, except for
    // localhost:1
    expect(answer.status).toBe(value === 'localhost:1' ? 200 : 403);
    if (answer.status === 403) expect(JSON.parse(answer.body).error).toMatch(/Host|DNS rebinding/);
  });

  it('keeps loopback working: 127.0.0.1, localhost and [::1] with the port', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`, `LOCALHOST.:${port()}`]) {
      const answer = await call(base, 'GET', '/sandbox/accounts', { host });
      expect(answer.status, host).toBe(200);
    }
  });
});

describe('6. the Host rule, as the server applies it with its listening address and port', () => {
  it('on loopback: loopback names with the listening port only', () => {
    const check = createHostCheck({ listenHost: '127.0.0.1', port: () => 4173 });
    expect(check('127.0.0.1:4173')).toEqual({ ok: true });
    expect(check('localhost:4173')).toEqual({ ok: true });
    expect(check('[::1]:4173')).toEqual({ ok: true });
    expect(check('localhost:4174').ok).toBe(false);
    expect(check('localhost').ok).toBe(false);
    expect(check('evil.example:4173').ok).toBe(false);
    expect(check('192.168.1.7:4173').ok).toBe(false);
    expect(check(undefined).ok).toBe(false);
  });

  it('on a wildcard: the machine interface addresses too, read again when a new one appears', () => {
    let addresses = ['127.0.0.1', '192.168.1.7', 'fe80::1'];
    const check = createHostCheck({ listenHost: '0.0.0.0', port: () => 4173, interfaces: () => addresses });
    expect(check('192.168.1.7:4173')).toEqual({ ok: true });
    expect(check('[fe80::1]:4173')).toEqual({ ok: true });
    expect(check('0.0.0.0:4173')).toEqual({ ok: true });
    expect(check('127.0.0.1:4173')).toEqual({ ok: true });
    expect(check('10.0.0.9:4173').ok).toBe(false);
    expect(check('192.168.1.7:80').ok).toBe(false);
    expect(check('my-laptop.local:4173')).toMatchObject({ ok: false, reason: expect.stringContaining('--allowed-host my-laptop.local') });
    addresses = [...addresses, '10.0.0.9'];
    // re-read at most every few seconds: a second miss within that time is still refused
    expect(check('10.0.0.9:4173').ok).toBe(false);
  });

  it('on one address: that address only', () => {
    const check = createHostCheck({ listenHost: '192.168.1.7', port: () => 4173, interfaces: () => ['127.0.0.1', '192.168.1.7'] });
    expect(check('192.168.1.7:4173')).toEqual({ ok: true });
    expect(check('127.0.0.1:4173').ok).toBe(false);
  });

  it('--allowed-host names on any port, and .suffix for a domain and its subdomains, as Vite does', () => {
    const check = createHostCheck({ listenHost: '0.0.0.0', port: () => 4173, allowedHosts: ['console.example.com', '.corp.test'], interfaces: () => [] });
    expect(check('console.example.com')).toEqual({ ok: true });
    expect(check('console.example.com:443')).toEqual({ ok: true });
    expect(check('corp.test:8080')).toEqual({ ok: true });
    expect(check('a.b.corp.test')).toEqual({ ok: true });
    expect(check('evilcorp.test').ok).toBe(false);
    expect(check('corp.test.evil.example').ok).toBe(false);
    expect(check('example.com').ok).toBe(false);
  });
});

describe('7. the lockout: knowing an access key is not enough to lock its owner out', () => {
  let base = '';
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    base = await listen({ store: freshStore(), clock });
  });

  const readAccounts = (secretKey: string, extra: Record<string, string> = {}, date = clock.now()) =>
    call(base, 'POST', '/api/v1/ReadAccounts', { ...signedHeaders(base, '/api/v1/ReadAccounts', '{}', secretKey, {}, date), ...extra }, '{}');
  const junk = 'X'.repeat(40);

  it('a web page that sends junk with the owner key locks only its own origin', async () => {
    clock.set(new Date());
    for (let i = 0; i < 4; i++) expectEnvelope(await readAccounts(junk, { origin: 'https://evil.example' }), 401, '1');
    expectEnvelope(await readAccounts(DEMO_OPERATOR.secretKey, { origin: 'https://evil.example' }), 401, '13');
    // the AWS CLI or a script on the same machine, and the dashboard, are not locked
    expect((await readAccounts(DEMO_OPERATOR.secretKey)).status).toBe(200);
    expect((await readAccounts(DEMO_OPERATOR.secretKey, { origin: base })).status).toBe(200);
    // nor by a cross-site request without an Origin (an <img> with a presigned URL)
    for (let i = 0; i < 4; i++) await readAccounts(junk, { 'sec-fetch-site': 'cross-site' });
    expect((await readAccounts(DEMO_OPERATOR.secretKey)).status).toBe(200);
  });

  it('stale replays do not count: a captured call replayed later never locks anyone', async () => {
    clock.set(new Date());
    const captured = signedHeaders(base, '/api/v1/ReadAccounts', '{}', junk, {}, new Date(clock.now().getTime() - 10 * 60_000));
    for (let i = 0; i < 10; i++) {
      const answer = await call(base, 'POST', '/api/v1/ReadAccounts', captured, '{}');
      expect(expectEnvelope(answer, 401, '1').Details).toMatch(/5 minutes/);
    }
    expect((await readAccounts(DEMO_OPERATOR.secretKey)).status).toBe(200);
  });

  it('a wrong secret still gets code 13 after four failures, as on OUTSCALE, until the lock expires', async () => {
    clock.set(new Date(Date.now() - 120_000));
    for (let i = 0; i < 4; i++) expectEnvelope(await readAccounts(junk, {}, new Date()), 401, '1');
    expectEnvelope(await readAccounts(DEMO_OPERATOR.secretKey, {}, new Date()), 401, '13');
    clock.set(new Date());
    expect((await readAccounts(DEMO_OPERATOR.secretKey)).status).toBe(200);
  });
});

describe('8. no path decode or parse answers 500', () => {
  let base = '';
  beforeAll(async () => {
    base = await listen({ store: freshStore(), cloud: { profiles: [{ name: 'broken', region: 'eu-west-2', endpoint: 'api.eu-west-2.outscale.com', accessKey: 'AK', secretKey: 'SK' }] } });
  });

  it('answers a broken escape in the action with the envelope and logs no stack', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(expectEnvelope(await call(base, 'POST', '/api/v1/%ZZ', { 'content-type': 'application/json' }, '{}'), 404, '4002').Type).toBe('InvalidAction');
    expectEnvelope(await call(base, 'POST', '/api/latest/Read%E0%A4%A', {}, '{}'), 404, '4002');
    expectEnvelope(await call(base, 'POST', '/profiles/%ZZ/api/v1/ReadAccounts', { 'content-type': 'application/json' }, '{}'), 404, '4002');
    expectEnvelope(await call(base, 'POST', '/passthrough/%ZZ/api/v1/ReadAccounts', { 'content-type': 'application/json' }, '{}'), 401, '5');
    expectEc2Xml(await call(base, 'GET', '/fcu/%ZZ'), 400, 'InvalidAction');
    expect((await call(base, 'GET', '/%ZZ')).status).toBe(200);
    expect((await call(base, 'GET', '/sandbox/%ZZ')).status).toBe(404);
    expect(logged).not.toHaveBeenCalled();
  });

  it('answers a profile whose endpoint is not a URL with a clear 502, not an unhandled rejection', async () => {
    const answer = await call(base, 'POST', '/profiles/broken/api/v1/ReadAccounts', { 'content-type': 'application/json' }, '{}');
    expect(expectEnvelope(answer, 502, '0').Details).toMatch(/is not a URL/);
    // Its OOS requests too (and the app started: the CSP skips an OOS origin it cannot derive).
    const oos = await call(base, 'POST', '/profiles/broken/oos-sign', { 'content-type': 'application/json' }, '{"method":"GET","path":"/"}');
    expect(expectEnvelope(oos, 502, '0').Details).toMatch(/is not a URL/);
  });
});

describe('9. anything under /api/ answers the envelope, anything under /fcu/ EC2 XML', () => {
  let base = '';
  beforeAll(async () => {
    base = await listen({ store: freshStore() });
  });

  /** Bytes as they are, for requests node:http refuses before any route. */
  function raw(text: string): Promise<Answer> {
    const url = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
      let received = '';
      socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', body = ''] = received.split('\r\n\r\n');
        const headers = Object.fromEntries(head.split('\r\n').slice(1).map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
        resolve({ status: Number(head.split(' ')[1]), headers, body });
      });
    });
  }

  it('answers what node:http refuses itself in the face of the path', async () => {
    expectEnvelope(await raw('GET /api/v1/ReadSnapshots HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n'), 400, '0');
    expectEnvelope(await raw('POST /api/v1/ReadSnapshots HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}'), 400, '0');
    expectEnvelope(await raw(`POST /api/v1/ReadSnapshots HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`), 431, '4001');
    expectEc2Xml(await raw(`GET /fcu/?Action=DescribeSnapshots&${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`), 431, 'InvalidRequest');
    const page = await raw('GET /a b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/plain/);
    // HTTP/1.1 without a Host reaches the Host check, which answers in the face
    expectEnvelope(await raw('POST /api/v1/ReadSnapshots HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'), 401, '14');
  });

  it.each([
    ['POST', '/api'],
    ['POST', '/api/'],
    ['POST', '/api/v1'],
    ['POST', '/api/v1//ReadSnapshots'],
    ['POST', '/api/v2/ReadSnapshots'],
    ['POST', '/api/v1/ReadSnapshots/more'],
    ['GET', '/api/v1'],
    ['GET', '/api/v2/ReadSnapshots'],
    ['DELETE', '/api/x'],
    ['PUT', '/api/latest/'],
  ])('%s %s', async (method, path) => {
    const answer = await call(base, method, path, {}, method === 'GET' ? undefined : '{}');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expectEnvelope(answer, answer.status, expect.any(String) as unknown as string);
  });

  it('GET on a real action is a 405 in the envelope', async () => {
    expectEnvelope(await call(base, 'GET', '/api/v1/ReadSnapshots'), 405, '2');
  });

  it.each([['/fcu/x'], ['/fcu//'], ['/fcu/v1/DescribeSnapshots']])('%s', async (path) => {
    expectEc2Xml(await call(base, 'GET', path), 400, 'InvalidAction');
  });

  it('the sandbox controls answer JSON for an unknown control or method', async () => {
    const unknown = await call(base, 'GET', '/sandbox/nope');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error).toMatch(/No such sandbox control/);
    const wrong = await call(base, 'POST', '/sandbox/accounts');
    expect(wrong.status).toBe(405);
    expect(JSON.parse(wrong.body).error).toMatch(/Use GET/);
  });
});

describe('11. token mode: the signature is the API credential, the token guards the rest', () => {
  let base = '';
  const token = 'token-for-the-test';
  beforeAll(async () => {
    base = await listen({ store: freshStore(), accessToken: token, clock: new ManualClock(new Date()) });
  });

  async function secretKeys(): Promise<Map<string, string>> {
    const answer = await call(base, 'GET', '/sandbox/accounts', { authorization: `Bearer ${token}` });
    const accounts = JSON.parse(answer.body).Accounts as { AccessKey: string; SecretKey: string }[];
    return new Map(accounts.map((a) => [a.AccessKey, a.SecretKey]));
  }

  it('lets an SDK-signed call through without the token, with the secret key served behind it', async () => {
    const secret = (await secretKeys()).get(DEMO_OPERATOR.accessKey)!;
    expect(secret).toMatch(/^[0-9A-F]{40}$/);
    const client = new AwsClient({ accessKeyId: DEMO_OPERATOR.accessKey, secretAccessKey: secret, service: 'api', region: 'eu-west-2' });
    const response = await client.fetch(`${base}/api/v1/ReadAccounts`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { Accounts: { AccountId: string }[] }).Accounts[0]?.AccountId).toBe(DEMO_OPERATOR.accountId);
  });

  it('refuses the published demo secret keys there: they are no credential beyond loopback', async () => {
    expectEnvelope(await call(base, 'POST', '/api/v1/ReadAccounts', signedHeaders(base, '/api/v1/ReadAccounts', '{}', DEMO_OPERATOR.secretKey), '{}'), 401, '1');
    const secret = (await secretKeys()).get(DEMO_PARTNER.accessKey)!;
    expect(secret).not.toBe(DEMO_PARTNER.secretKey);
  });

  it('lets an AWS CLI call to /fcu through without the token', async () => {
    const secret = (await secretKeys()).get(DEMO_OPERATOR.accessKey)!;
    const answer = await call(base, 'GET', '/fcu/?Action=DescribeSnapshots&Version=2016-11-15', fcuQuery(base, 'Action=DescribeSnapshots&Version=2016-11-15', secret));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<DescribeSnapshotsResponse');
    expectEc2Xml(await call(base, 'GET', '/fcu/?Action=DescribeSnapshots'), 401, 'AuthFailure');
  });

  it('answers CORS preflights on /api without the token', async () => {
    const answer = await call(base, 'OPTIONS', '/api/v1/ReadAccounts', { origin: 'http://elsewhere.test', 'access-control-request-method': 'POST' });
    expect(answer.status).toBe(204);
  });

  it('keeps the page, the sandbox controls and the profile routes behind the token, each refusing in its face', async () => {
    const page = await call(base, 'GET', '/');
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/plain/);
    const accounts = await call(base, 'GET', '/sandbox/accounts');
    expect(accounts.status).toBe(401);
    expect(JSON.parse(accounts.body).error).toMatch(/access token/);
    expect(accounts.body).not.toMatch(/SecretKey/);
    expect(expectEnvelope(await call(base, 'GET', '/profiles'), 401, '5').Details).toMatch(/access token/);
    expectEnvelope(await call(base, 'POST', '/profiles/x/api/v1/ReadAccounts', { 'content-type': 'application/json' }, '{}'), 401, '5');
    expectEnvelope(await call(base, 'POST', '/passthrough/x/api/v1/ReadAccounts', { 'content-type': 'application/json' }, '{}'), 401, '5');
    // a signature is no way around the token on these routes
    const signed = await call(base, 'GET', '/sandbox/accounts', signedHeaders(base, '/sandbox/accounts', ''));
    expect(signed.status).toBe(401);
  });
});

describe('12. smaller defects', () => {
  const lines: string[] = [];
  let base = '';
  beforeAll(async () => {
    base = await listen({ store: freshStore(), model: { throttle: { max: 1, windowSeconds: 60 } }, log: (line) => lines.push(line) });
  });

  it('429 (codes 24 and 25) and the FCU 503 carry Retry-After', async () => {
    await call(base, 'POST', '/sandbox/faults', {}, '{"throttleNext":2}');
    const account = await call(base, 'POST', '/api/v1/ReadAccounts', signedHeaders(base, '/api/v1/ReadAccounts', '{}'), '{}');
    expectEnvelope(account, 429, '24');
    expect(account.headers['retry-after']).toBe('1');
    // a browser page may read it (it is not a CORS-safelisted header), so the console can say when to retry
    expect(String(account.headers['access-control-expose-headers']).split(/,\s*/)).toContain('retry-after');
    const fcu = await call(base, 'GET', '/fcu/?Action=DescribeSnapshots', fcuQuery(base, 'Action=DescribeSnapshots'));
    expectEc2Xml(fcu, 503, 'RequestLimitExceeded');
    expect(fcu.headers['retry-after']).toBe('1');

    const volumes = JSON.parse((await call(base, 'POST', '/api/v1/ReadVolumes', signedHeaders(base, '/api/v1/ReadVolumes', '{}'), '{}')).body) as { Volumes: { VolumeId: string }[] };
    const create = JSON.stringify({ VolumeId: volumes.Volumes[0]!.VolumeId });
    expect((await call(base, 'POST', '/api/v1/CreateSnapshot', signedHeaders(base, '/api/v1/CreateSnapshot', create), create)).status).toBe(200);
    const throttled = await call(base, 'POST', '/api/v1/CreateSnapshot', signedHeaders(base, '/api/v1/CreateSnapshot', create), create);
    expectEnvelope(throttled, 429, '25');
    const seconds = Number(throttled.headers['retry-after']);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
  });

  it('logs action names as one printable, bounded line', async () => {
    lines.length = 0;
    await call(base, 'POST', '/api/v1/Read%0A200%20ReadAccounts%20339215505907%20forged', {}, '{}');
    await call(base, 'POST', '/fcu/', { 'content-type': 'application/x-www-form-urlencoded' }, `Action=${encodeURIComponent('X\r\n200 FCU DeleteSnapshot')}`);
    await call(base, 'POST', `/api/v1/${'A'.repeat(5000)}`, {}, '{}');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect([...line].filter((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toEqual([]);
      expect(line.length).toBeLessThan(200);
    }
    expect(lines[0]).toMatch(/^404 Read\?200 ReadAccounts/);
  });

  it('honours X-Amz-Expires on a presigned URL: inside it works, past it the answer says it expired', async () => {
    const clock = new ManualClock(new Date());
    const presignedBase = await listen({ store: freshStore(), clock });
    const host = new URL(presignedBase).host;
    const presign = (expires: string, at: Date) => {
      const timestamp = amzTimestamp(at);
      const scope = `${timestamp.slice(0, 8)}/eu-west-2/ec2/aws4_request`;
      const raw = `Action=DescribeSnapshots&Version=2016-11-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(`${DEMO_OPERATOR.accessKey}/${scope}`)}&X-Amz-Date=${timestamp}&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host`;
      const request = canonicalRequest({ method: 'GET', path: '/fcu/', query: canonicalQuery(raw), headers: [['host', host]], payloadHash: sha256Hex('') });
      const key = signingKey('AWS4-HMAC-SHA256', DEMO_OPERATOR.secretKey, timestamp.slice(0, 8), 'eu-west-2', 'ec2');
      return `/fcu/?${raw}&X-Amz-Signature=${signatureHex(key, stringToSign('AWS4-HMAC-SHA256', timestamp, scope, request))}`;
    };
    const signedAt = clock.now();
    const short = presign('60', signedAt);
    expect((await call(presignedBase, 'GET', short)).status).toBe(200);
    clock.advance(2 * 60_000);
    const expired = await call(presignedBase, 'GET', short);
    expectEc2Xml(expired, 401, 'AuthFailure');
    expect(expired.body).toMatch(/presigned URL expired at \d{4}-\d{2}-\d{2}T/);
    const long = presign('3600', signedAt);
    clock.advance(30 * 60_000);
    expect((await call(presignedBase, 'GET', long)).status).toBe(200);
    for (const bad of ['0', '604801', 'soon']) {
      const answer = await call(presignedBase, 'GET', presign(bad, clock.now()));
      expectEc2Xml(answer, 401, 'AuthFailure');
      expect(answer.body).toMatch(/X-Amz-Expires must be a whole number of seconds from 1 to 604800/);
    }
  });

  it('accepts only the credential-scope services OUTSCALE clients send, per face', async () => {
    for (const service of ['s3', 'anything', 'fcu']) {
      const headers = signRequest({ method: 'POST', url: `${base}/api/v1/ReadAccounts`, headers: {}, body: '{}', accessKey: DEMO_OPERATOR.accessKey, secretKey: DEMO_OPERATOR.secretKey, region: 'eu-west-2', service });
      const error = expectEnvelope(await call(base, 'POST', '/api/v1/ReadAccounts', headers, '{}'), 401, '1');
      expect(error.Details).toContain(`names the service '${service}': sign for 'api', 'oapi', an empty service, 'ec2'`);
    }
    for (const service of ['api', 'oapi', '', 'ec2']) {
      const headers = signRequest({ method: 'POST', url: `${base}/api/v1/ReadAccounts`, headers: {}, body: '{}', accessKey: DEMO_OPERATOR.accessKey, secretKey: DEMO_OPERATOR.secretKey, region: 'eu-west-2', service });
      expect((await call(base, 'POST', '/api/v1/ReadAccounts', headers, '{}')).status, service).toBe(200);
    }
    for (const [service, status] of [['ec2', 200], ['fcu', 200], ['api', 401], ['s3', 401]] as const) {
      expect((await call(base, 'GET', '/fcu/?Action=DescribeSnapshots', fcuQuery(base, 'Action=DescribeSnapshots', undefined, service))).status, service).toBe(status);
    }
  });

  it('answers a client that goes away mid-body without an unhandled rejection, and keeps serving', async () => {
    lines.length = 0;
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const url = new URL(base);
      for (const path of ['/api/v1/ReadAccounts', '/profiles/x/api/v1/ReadAccounts', '/fcu/']) {
        await new Promise<void>((resolve) => {
          const request = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
          request.on('error', () => resolve());
          request.write('{"Filters":');
          setTimeout(() => {
            request.destroy();
            resolve();
          }, 50);
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(rejections).toEqual([]);
      // the body read failed, and was answered as such (the client was gone to hear it)
      expect(lines.filter((line) => /^400 (ReadAccounts|FCU -) /.test(line))).toHaveLength(2);
      expect((await call(base, 'POST', '/api/v1/ReadRegions', {}, '{}')).status).toBe(200);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a corrupt data file stops the start with one line naming the file and --reset, exit code 2', async () => {
    const data = mkdtempSync(join(tmpdir(), 'corrupt-'));
    dirs.push(data);
    writeFileSync(join(data, 'sandbox.sqlite'), 'this is not a database, it is junk '.repeat(200));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--data', data, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(join(data, 'sandbox.sqlite'));
    expect(lines[0]).toContain('--reset');
    expect(stderr).not.toMatch(/SqliteError|\n\s+at /);
  });
});

describe('11 and 6. npm start beyond loopback: --host 0.0.0.0 --token T --allowed-host NAME', () => {
  it('serves signed API calls without the token, guards the rest, and answers only to its own names', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/main.ts', '--memory', '--host', '0.0.0.0', '--port', '0', '--token', 'T0KEN-for-test', '--allowed-host', 'console.test', '--quiet'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      let stdout = '';
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          const match = /http:\/\/0\.0\.0\.0:(\d+)\/\?access=T0KEN-for-test/.exec(stdout);
          // the last line printed at start
          if (match && /Secret keys \(derived from the access token; the published demo values are refused\):\n {4}curl -H 'Authorization: Bearer TOKEN' http:\/\/0\.0\.0\.0:\d+\/sandbox\/accounts\n/.test(stdout)) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
      });
      expect(stdout).toMatch(/Signed calls to \/api and \/fcu need only their signature/);
      expect(stdout).not.toContain(DEMO_OPERATOR.secretKey);
      const base = `http://127.0.0.1:${port}`;
      const bearer = { authorization: 'Bearer T0KEN-for-test' };
      expect((await call(base, 'GET', '/')).status).toBe(401);
      expect((await call(base, 'GET', '/sandbox/accounts')).status).toBe(401);
      const accounts = JSON.parse((await call(base, 'GET', '/sandbox/accounts', bearer)).body) as { Accounts: { AccessKey: string; SecretKey: string }[] };
      const secret = accounts.Accounts.find((a) => a.AccessKey === DEMO_OPERATOR.accessKey)!.SecretKey;
      const signed = await call(base, 'POST', '/api/v1/ReadAccounts', signedHeaders(base, '/api/v1/ReadAccounts', '{}', secret), '{}');
      expect(signed.status).toBe(200);
      const viaName = `http://console.test:${port}`;
      const named = await call(base, 'POST', '/api/v1/ReadAccounts', { ...signedHeaders(viaName, '/api/v1/ReadAccounts', '{}', secret) }, '{}');
      expect(named.status).toBe(200);
      expect((await call(base, 'GET', '/sandbox/accounts', { ...bearer, host: 'console.test' })).status).toBe(200);
      expectEnvelope(await call(base, 'POST', '/api/v1/ReadAccounts', { ...signedHeaders(base, '/api/v1/ReadAccounts', '{}', secret), host: `evil.example:${port}` }, '{}'), 401, '14');
      expect((await call(base, 'GET', '/sandbox/accounts', { ...bearer, host: `127.0.0.1:${Number(port) + 1}` })).status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the published demo secret keys are no credential against npm start (CORS answers any Origin)', () => {
  const operatorSecret = async (base: string, headers: Record<string, string> = {}) => {
    const answer = await call(base, 'GET', '/sandbox/accounts', headers);
    expect(answer.status).toBe(200);
    const accounts = JSON.parse(answer.body).Accounts as { AccessKey: string; SecretKey: string }[];
    return accounts.find((a) => a.AccessKey === DEMO_OPERATOR.accessKey)!.SecretKey;
  };
  const readAccounts = (base: string, secret: string) =>
    call(base, 'POST', '/api/v1/ReadAccounts', signedHeaders(base, '/api/v1/ReadAccounts', '{}', secret), '{}');

  it('in-process, demoKeySecret derives the keys; without it (unit tests only) the constants stay', async () => {
    const derived = await listen({ store: freshStore(), demoKeySecret: 'a'.repeat(64) });
    const secret = await operatorSecret(derived);
    expect(secret).toMatch(/^[0-9A-F]{40}$/);
    expect(secret).not.toBe(DEMO_OPERATOR.secretKey);
    expectEnvelope(await readAccounts(derived, DEMO_OPERATOR.secretKey), 401, '1');
    expect((await readAccounts(derived, secret)).status).toBe(200);
    const other = await listen({ store: freshStore(), demoKeySecret: 'b'.repeat(64) });
    expect(await operatorSecret(other)).not.toBe(secret);
    const plain = await listen({ store: freshStore() });
    expect(await operatorSecret(plain)).toBe(DEMO_OPERATOR.secretKey);
  });

  it('GET /sandbox/accounts refuses another site outright: a foreign Origin or Sec-Fetch-Site, 403 JSON, no key', async () => {
    const base = await listen({ store: freshStore(), demoKeySecret: 'c'.repeat(64) });
    const secret = await operatorSecret(base);
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `${base.replace('127.0.0.1', 'localhost')}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ] as Record<string, string>[]) {
      const answer = await call(base, 'GET', '/sandbox/accounts', headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body).error).toMatch(/other sites/);
      expect(answer.body).not.toContain(secret);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    // the page itself (same origin), a typed URL, a script: allowed, still without CORS headers
    for (const headers of [{ origin: base }, { 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, {}] as Record<string, string>[]) {
      const answer = await call(base, 'GET', '/sandbox/accounts', headers);
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    // the other controls too
    const reset = await call(base, 'POST', '/sandbox/reset', { 'sec-fetch-site': 'cross-site' });
    expect(reset.status).toBe(403);
  });

  it('the demo key file: made once, 0600, read again as is, refused when damaged, removed by --reset', () => {
    const data = mkdtempSync(join(tmpdir(), 'demo-key-'));
    dirs.push(data);
    const first = loadDemoKeySecret(data);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(data, DEMO_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadDemoKeySecret(data)).toBe(first);
    expect(readdirSync(data)).toEqual([DEMO_KEY_FILE]);
    chmodSync(join(data, DEMO_KEY_FILE), 0o644);
    expect(loadDemoKeySecret(data)).toBe(first);
    expect(statSync(join(data, DEMO_KEY_FILE)).mode & 0o777).toBe(0o600);
    removeDemoKeySecret(data);
    const second = loadDemoKeySecret(data);
    expect(second).not.toBe(first);
    writeFileSync(join(data, DEMO_KEY_FILE), 'short');
    expect(() => loadDemoKeySecret(data)).toThrow(DemoKeyError);
    expect(() => loadDemoKeySecret(data)).toThrow(/demo-key does not hold a demo key.*--reset/);
  });

  it('npm start refuses the published constant and takes the listed key; the key survives a restart and changes with --reset', async () => {
    const data = mkdtempSync(join(tmpdir(), 'demo-key-main-'));
    dirs.push(data);
    const started: ServerChild[] = [];
    const start = async (...extra: string[]) => {
      const child = await startServer(['--data', data, '--port', '0', '--quiet', ...extra]);
      started.push(child);
      return child;
    };
    try {
      let server = await start();
      const first = await operatorSecret(server.base);
      expect(first).not.toBe(DEMO_OPERATOR.secretKey);
      expectEnvelope(await readAccounts(server.base, DEMO_OPERATOR.secretKey), 401, '1');
      expect((await readAccounts(server.base, first)).status).toBe(200);
      const foreign = await call(server.base, 'GET', '/sandbox/accounts', { origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.body).not.toContain(first);
      expect(statSync(join(data, DEMO_KEY_FILE)).mode & 0o777).toBe(0o600);
      await server.stop();

      server = await start();
      expect(await operatorSecret(server.base)).toBe(first);
      expect((await readAccounts(server.base, first)).status).toBe(200);
      expectEnvelope(await readAccounts(server.base, DEMO_OPERATOR.secretKey), 401, '1');
      await server.stop();

      server = await start('--reset');
      const third = await operatorSecret(server.base);
      expect(third).not.toBe(first);
      expect(third).not.toBe(DEMO_OPERATOR.secretKey);
      expectEnvelope(await readAccounts(server.base, first), 401, '1');
      expect((await readAccounts(server.base, third)).status).toBe(200);
      await server.stop();

      // --memory: a fresh random key per process, never the constant
      server = await start('--memory');
      const memory = await operatorSecret(server.base);
      expect([first, third, DEMO_OPERATOR.secretKey]).not.toContain(memory);
      expectEnvelope(await readAccounts(server.base, DEMO_OPERATOR.secretKey), 401, '1');
      expect((await readAccounts(server.base, memory)).status).toBe(200);
      for (const child of started) expect(child.stderr).toEqual([]);
    } finally {
      await Promise.all(started.map((child) => child.stop()));
    }
  }, 240_000);
});
