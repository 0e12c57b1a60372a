import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { AuthLockout, signRequest, verifySignature, type SignedRequest } from './auth';
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
