import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { API_SERVICES, authenticate, AuthLockout, FCU_SERVICES } from './auth';
import { lockoutSource } from './lockout';
import { signRequest } from './sigv4';
import { verifySignature, type SignedRequest } from './verify';
import { amzTimestamp, canonicalQuery, canonicalRequest, sha256Hex, signatureHex, signingKey, stringToSign } from './sigv4';

const AK = 'AUTHTESTAK0000000001';
const SK = 'authtestsecretkey000000000000000000000001';
const NOW = new Date('2026-11-24T12:00:00.000Z');
const secretFor = (ak: string) => (ak === AK ? SK : undefined);
const URL_ = 'http://127.0.0.1:4173/api/v1/ReadSnapshots';

function toSigned(headers: Record<string, string>, body: string, url = URL_, method = 'POST'): SignedRequest {
  const u = new URL(url);
  const lower: Record<string, string> = { host: u.host };
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return { method, path: u.pathname, rawQuery: u.search.slice(1), headers: lower, body: Buffer.from(body) };
}

function signed(opts: Partial<Parameters<typeof signRequest>[0]> = {}, body = '{}') {
  const headers = signRequest({
    method: 'POST',
    url: URL_,
    headers: { 'content-type': 'application/json' },
    body,
    accessKey: AK,
    secretKey: SK,
    region: 'eu-west-2',
    service: 'api',
    date: NOW,
    ...opts,
  });
  return toSigned(headers, body);
}

describe('verifySignature', () => {
  it('accepts a request signed by aws4fetch (osc-sdk-js: AWS4, host;x-amz-date, service api)', async () => {
    const client = new AwsClient({ accessKeyId: AK, secretAccessKey: SK, service: 'api', region: 'eu-west-2' });
    const request = await client.sign(URL_, { method: 'POST', body: '{"Filters":{}}', headers: { 'content-type': 'application/json' } });
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date');
    const result = verifySignature(toSigned(headers, '{"Filters":{}}'), secretFor, new Date());
    expect(result).toMatchObject({ ok: true, accessKey: AK, algorithm: 'AWS4-HMAC-SHA256', service: 'api', region: 'eu-west-2' });
  });

  it.each([
    ['osc-cli: OSC4 host;x-osc-date;x-osc-target', { algorithm: 'OSC4-HMAC-SHA256' as const, headers: { 'x-osc-target': 'OutscaleService.ReadSnapshots' }, signedHeaders: ['host', 'x-osc-date', 'x-osc-target'] }],
    ['Go SDK: AWS4 accept;content-type;host;x-amz-date, service oapi', { service: 'oapi', headers: { accept: 'application/json', 'content-type': 'application/json' }, signedHeaders: ['accept', 'content-type', 'host', 'x-amz-date'] }],
    ['empty service in the scope', { service: '' }],
    ['any Region string', { region: 'cloudgouv-eu-west-1' }],
  ])('accepts %s', (_name, opts) => {
    expect(verifySignature(signed(opts), secretFor, NOW)).toMatchObject({ ok: true });
  });

  it('accepts the Python SDK form: OSC4, content-type;host;x-osc-date, host signed without its port', () => {
    const headers = signRequest({
      method: 'POST', url: 'http://127.0.0.1/api/v1/ReadSnapshots', headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{}', accessKey: AK, secretKey: SK, region: 'eu-west-2', service: 'api', date: NOW,
      algorithm: 'OSC4-HMAC-SHA256', signedHeaders: ['content-type', 'host', 'x-osc-date'],
    });
    const request = toSigned({ ...headers, host: '127.0.0.1:4173' }, '{}');
    expect(verifySignature(request, secretFor, NOW)).toMatchObject({ ok: true, algorithm: 'OSC4-HMAC-SHA256' });
  });

  it('accepts a query-string (presigned) signature', () => {
    const timestamp = amzTimestamp(NOW);
    const scope = `${timestamp.slice(0, 8)}/eu-west-2/ec2/aws4_request`;
    const raw = `Action=DescribeSnapshots&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(`${AK}/${scope}`)}&X-Amz-Date=${timestamp}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host`;
    const request = canonicalRequest({ method: 'GET', path: '/', query: canonicalQuery(raw), headers: [['host', 'fcu.test:4173']], payloadHash: sha256Hex('') });
    const signature = signatureHex(signingKey('AWS4-HMAC-SHA256', SK, timestamp.slice(0, 8), 'eu-west-2', 'ec2'), stringToSign('AWS4-HMAC-SHA256', timestamp, scope, request));
    const req: SignedRequest = { method: 'GET', path: '/', rawQuery: `${raw}&X-Amz-Signature=${signature}`, headers: { host: 'fcu.test:4173' }, body: Buffer.alloc(0) };
    expect(verifySignature(req, secretFor, NOW)).toMatchObject({ ok: true, service: 'ec2' });
    expect(verifySignature({ ...req, rawQuery: req.rawQuery.replace('DescribeSnapshots', 'CopySnapshot') }, secretFor, NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a wrong secret, an unknown key, a tampered body and a changed signed header', () => {
    expect(verifySignature(signed({ secretKey: 'x'.repeat(40) }), secretFor, NOW)).toMatchObject({ ok: false, reason: 'bad-signature', accessKey: AK });
    expect(verifySignature(signed({ accessKey: 'NOSUCHKEY00000000000' }), secretFor, NOW)).toMatchObject({ ok: false, reason: 'unknown-key' });
    const tampered = signed();
    expect(verifySignature({ ...tampered, body: Buffer.from('{"DryRun":true}') }, secretFor, NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const withTarget = signed({ headers: { 'x-osc-target': 'A' }, signedHeaders: ['host', 'x-amz-date', 'x-osc-target'] });
    expect(verifySignature({ ...withTarget, headers: { ...withTarget.headers, 'x-osc-target': 'B' } }, secretFor, NOW)).toMatchObject({ ok: false });
    const { 'x-osc-target': _gone, ...without } = withTarget.headers;
    expect(verifySignature({ ...withTarget, headers: without }, secretFor, NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a date more than 5 minutes away, either way, and accepts one inside the window', () => {
    const request = signed();
    expect(verifySignature(request, secretFor, new Date(NOW.getTime() + 6 * 60_000))).toMatchObject({ reason: 'stale-date' });
    expect(verifySignature(request, secretFor, new Date(NOW.getTime() - 6 * 60_000))).toMatchObject({ reason: 'stale-date' });
    expect(verifySignature(request, secretFor, new Date(NOW.getTime() + 4 * 60_000))).toMatchObject({ ok: true });
  });

  it.each([
    [''],
    ['Basic dXNlcjpwYXNz'],
    ['AWS4-HMAC-SHA256'],
    ['AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature='],
    ['AWS4-HMAC-SHA256 Credential=AK/20261124/r/s/aws4_request, SignedHeaders=host, Signature=zz'],
    ['OSC4-HMAC-SHA256 Credential=' + 'A'.repeat(100_000)],
  ])('never throws on a garbage Authorization (%#)', (authorization) => {
    const request: SignedRequest = { method: 'POST', path: '/', rawQuery: '', headers: { authorization, host: 'h' }, body: Buffer.alloc(0) };
    const result = verifySignature(request, secretFor, NOW);
    expect(result.ok).toBe(false);
  });

  it('never puts the secret key in its messages', () => {
    for (const request of [signed({ secretKey: 'bad' }), signed({}, ''), { ...signed(), body: Buffer.from('x') }]) {
      const result = verifySignature(request, secretFor, NOW);
      expect(JSON.stringify(result)).not.toContain(SK);
    }
  });
});

describe('AuthLockout', () => {
  it('locks after four failures for 60 s, then 120 s after four more, capped at 10 minutes; a success resets', () => {
    const lockout = new AuthLockout();
    let t = NOW.getTime();
    const at = () => new Date(t);
    for (let i = 0; i < 3; i++) lockout.recordFailure(AK, at());
    expect(lockout.isLocked(AK, at())).toEqual({ locked: false });
    lockout.recordFailure(AK, at());
    expect(lockout.isLocked(AK, at())).toEqual({ locked: true, secondsLeft: 60 });
    t += 61_000;
    expect(lockout.isLocked(AK, at())).toEqual({ locked: false });
    for (let i = 0; i < 4; i++) lockout.recordFailure(AK, at());
    expect(lockout.isLocked(AK, at())).toEqual({ locked: true, secondsLeft: 120 });
    for (let i = 0; i < 40; i++) lockout.recordFailure(AK, at());
    expect(lockout.isLocked(AK, at())).toEqual({ locked: true, secondsLeft: 600 });
    lockout.recordSuccess(AK);
    expect(lockout.isLocked(AK, at())).toEqual({ locked: false });
    for (let i = 0; i < 3; i++) lockout.recordFailure(AK, at());
    expect(lockout.isLocked(AK, at())).toEqual({ locked: false });
  });
});

describe('the lockout design (issue 9, item 7)', () => {
  const account = (ak: string) => (ak === AK ? { secretKey: SK, accountId: '111122223333' } : undefined);
  const from = (address: string, request: SignedRequest, extra: Record<string, string> = {}): SignedRequest => ({
    ...request,
    headers: { ...request.headers, ...extra },
    clientAddress: address,
  });
  const wrong = () => signed({ secretKey: 'w'.repeat(40) });

  it('charges failures to the source: a stranger who knows the key locks only themselves', () => {
    const lockout = new AuthLockout();
    for (let i = 0; i < 4; i++) authenticate(from('203.0.113.9', wrong()), account, lockout, NOW);
    expect(authenticate(from('203.0.113.9', signed()), account, lockout, NOW)).toMatchObject({ ok: false, locked: true, secondsLeft: 60 });
    expect(authenticate(from('198.51.100.4', signed()), account, lockout, NOW)).toMatchObject({ ok: true, accountId: '111122223333' });
    // one address, two browser origins and a direct client: three sources
    for (let i = 0; i < 4; i++) authenticate(from('127.0.0.1', wrong(), { origin: 'https://evil.example' }), account, lockout, NOW);
    expect(authenticate(from('127.0.0.1', signed(), { origin: 'https://evil.example' }), account, lockout, NOW)).toMatchObject({ locked: true });
    expect(authenticate(from('127.0.0.1', signed(), { origin: 'http://127.0.0.1:4173' }), account, lockout, NOW)).toMatchObject({ ok: true });
    expect(authenticate(from('127.0.0.1', signed()), account, lockout, NOW)).toMatchObject({ ok: true });
    expect(lockoutSource(AK, { headers: { 'sec-fetch-site': 'cross-site' }, clientAddress: '127.0.0.1' })).not.toBe(
      lockoutSource(AK, { headers: {}, clientAddress: '127.0.0.1' }),
    );
    expect(lockoutSource(AK, { headers: { 'sec-fetch-site': 'none' }, clientAddress: '127.0.0.1' })).toBe(
      lockoutSource(AK, { headers: {}, clientAddress: '127.0.0.1' }),
    );
  });

  it('counts neither stale replays, nor malformed requests, nor unknown keys: they take no memory', () => {
    const lockout = new AuthLockout();
    const stale = new Date(NOW.getTime() + 10 * 60_000);
    for (let i = 0; i < 20; i++) {
      expect(authenticate(from('127.0.0.1', wrong()), account, lockout, stale)).toMatchObject({ ok: false, locked: false, failure: { reason: 'stale-date' } });
      expect(authenticate(from('127.0.0.1', signed({ service: 's3' })), account, lockout, NOW)).toMatchObject({ failure: { reason: 'malformed' } });
      expect(authenticate(from('127.0.0.1', signed({ accessKey: `UNKNOWN${i}` })), account, lockout, NOW)).toMatchObject({ failure: { reason: 'unknown-key' } });
    }
    expect(lockout.size).toBe(0);
    expect(authenticate(from('127.0.0.1', signed()), account, lockout, NOW)).toMatchObject({ ok: true });
  });

  it('stays bounded, and flooding never lifts a live lock', () => {
    const lockout = new AuthLockout(50);
    for (let i = 0; i < 4; i++) lockout.recordFailure('victim-lock', NOW);
    // a fifth failure while locked does not make the lock evictable
    lockout.recordFailure('victim-lock', NOW);
    for (let i = 0; i < 10_001; i++) expect(lockout.recordFailure(`flood-${i}`, NOW)).toBe(true);
    expect(lockout.size).toBe(50);
    expect(lockout.isLocked('victim-lock', NOW)).toEqual({ locked: true, secondsLeft: 60 });
  });

  it('evicts the least recently failed unlocked source first', () => {
    const lockout = new AuthLockout(3);
    lockout.recordFailure('a', NOW);
    lockout.recordFailure('b', NOW);
    lockout.recordFailure('c', NOW);
    lockout.recordFailure('a', NOW); // a failed again: b is now the least recent
    lockout.recordFailure('d', NOW);
    for (let i = 0; i < 2; i++) lockout.recordFailure('a', NOW);
    expect(lockout.isLocked('a', NOW).locked).toBe(true); // a kept its count: 4 failures
    for (let i = 0; i < 3; i++) lockout.recordFailure('b', NOW);
    expect(lockout.isLocked('b', NOW).locked).toBe(false); // b was evicted and starts again
  });

  it('fails closed when every entry is a live lock, and tracks again once locks expire', () => {
    const lockout = new AuthLockout(2);
    for (const source of ['x', 'y']) for (let i = 0; i < 4; i++) lockout.recordFailure(source, NOW);
    expect(lockout.recordFailure('z', NOW)).toBe(false);
    const crowded = new AuthLockout(1);
    for (let i = 0; i < 4; i++) crowded.recordFailure(lockoutSource(AK, { headers: {}, clientAddress: '203.0.113.9' }), NOW);
    expect(authenticate(from('198.51.100.4', wrong()), account, crowded, NOW)).toMatchObject({ ok: false, locked: true });
    // a good signature from an untracked source still passes: only failures are refused
    expect(authenticate(from('198.51.100.4', signed()), account, crowded, NOW)).toMatchObject({ ok: true });
    const later = new Date(NOW.getTime() + 61_000);
    expect(lockout.recordFailure('z', later)).toBe(true);
  });
});

it('collects expired locks at most once a second when the table is full of them', () => {
  const lockout = new AuthLockout(1);
  const at = (ms: number) => new Date(NOW.getTime() + ms);
  for (let i = 0; i < 4; i++) lockout.recordFailure('x', NOW); // locked until +60 s
  expect(lockout.recordFailure('z', at(59_500))).toBe(false); // swept: nothing expired yet
  expect(lockout.recordFailure('z', at(60_200))).toBe(false); // expired, but the last sweep was 0.7 s ago
  expect(lockout.recordFailure('z', at(60_600))).toBe(true); // 1.1 s later: swept, x is gone
  expect(lockout.isLocked('x', at(60_600))).toEqual({ locked: false });
  expect(lockout.size).toBe(1);
});

describe('presigned URLs and credential scopes (issue 9, item 12)', () => {
  function presigned(expires: string | undefined, at: Date) {
    const timestamp = amzTimestamp(at);
    const scope = `${timestamp.slice(0, 8)}/eu-west-2/ec2/aws4_request`;
    const raw = `Action=DescribeSnapshots&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(`${AK}/${scope}`)}&X-Amz-Date=${timestamp}${expires === undefined ? '' : `&X-Amz-Expires=${expires}`}&X-Amz-SignedHeaders=host`;
    const request = canonicalRequest({ method: 'GET', path: '/', query: canonicalQuery(raw), headers: [['host', 'fcu.test']], payloadHash: sha256Hex('') });
    const signature = signatureHex(signingKey('AWS4-HMAC-SHA256', SK, timestamp.slice(0, 8), 'eu-west-2', 'ec2'), stringToSign('AWS4-HMAC-SHA256', timestamp, scope, request));
    return { method: 'GET', path: '/', rawQuery: `${raw}&X-Amz-Signature=${signature}`, headers: { host: 'fcu.test' }, body: Buffer.alloc(0) } satisfies SignedRequest;
  }
  const later = (ms: number) => new Date(NOW.getTime() + ms);

  it('is valid from 5 minutes before X-Amz-Date to X-Amz-Expires after it', () => {
    expect(verifySignature(presigned('60', NOW), secretFor, later(59_000))).toMatchObject({ ok: true });
    expect(verifySignature(presigned('60', NOW), secretFor, later(61_000))).toMatchObject({ ok: false, reason: 'stale-date', details: expect.stringContaining('expired at 2026-11-24T12:01:00.000Z') });
    expect(verifySignature(presigned('604800', NOW), secretFor, later(6 * 24 * 3600_000))).toMatchObject({ ok: true });
    expect(verifySignature(presigned('3600', NOW), secretFor, later(-4 * 60_000))).toMatchObject({ ok: true });
    expect(verifySignature(presigned('3600', NOW), secretFor, later(-6 * 60_000))).toMatchObject({ ok: false, reason: 'stale-date' });
    // without X-Amz-Expires: the header form's 5 minutes
    expect(verifySignature(presigned(undefined, NOW), secretFor, later(4 * 60_000))).toMatchObject({ ok: true });
    expect(verifySignature(presigned(undefined, NOW), secretFor, later(6 * 60_000))).toMatchObject({ ok: false, reason: 'stale-date' });
  });

  it.each(['0', '604801', '-5', '1e3', '', '12345678'])('refuses X-Amz-Expires=%s', (expires) => {
    expect(verifySignature(presigned(expires, NOW), secretFor, NOW)).toMatchObject({ ok: false, reason: 'malformed', details: expect.stringContaining('X-Amz-Expires') });
  });

  it('takes only the services OUTSCALE clients send to each face', () => {
    for (const service of API_SERVICES) expect(verifySignature(signed({ service }), secretFor, NOW, API_SERVICES), service).toMatchObject({ ok: true });
    for (const service of ['s3', 'anything', 'fcu', 'API', '127']) {
      expect(verifySignature(signed({ service }), secretFor, NOW, API_SERVICES), service).toMatchObject({ ok: false, reason: 'malformed' });
    }
    expect(FCU_SERVICES).toEqual(['ec2', 'fcu']);
    expect(verifySignature(signed({ service: 'api' }), secretFor, NOW, FCU_SERVICES)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifySignature(signed({ service: 'fcu' }), secretFor, NOW, FCU_SERVICES)).toMatchObject({ ok: true });
  });
});
