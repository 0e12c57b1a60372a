/**
 * Each rule of the signature check, on requests that are otherwise correctly signed: if the rule were
 * dropped, the request would verify, so each of these tests fails when its rule goes.
 */
import { describe, expect, it } from 'vitest';
import { authenticate, AuthLockout } from './auth';
import { verifySignature, type SignedRequest } from './verify';
import { ALGORITHMS, canonicalQuery, canonicalRequest, sha256Hex, signatureHex, signingKey, stringToSign, type Algorithm } from './sigv4';

const AK = 'CHECKSAK000000000001';
const SK = 'checkssecretkey0000000000000000000000001';
const secretFor = (ak: string) => (ak === AK ? SK : undefined);
const NOW = new Date('2026-11-24T12:00:00.000Z');
const STAMP = '20261124T120000Z';

interface Forge {
  form?: 'header' | 'query';
  algorithm?: Algorithm;
  secret?: string;
  timestamp?: string;
  /** The date written in the credential scope (and used to derive the key). */
  scopeDate?: string;
  region?: string;
  service?: string;
  terminator?: string;
  method?: string;
  path?: string;
  /** Extra query parameters, signed with the rest of the query. */
  query?: string;
  headers?: Record<string, string>;
  signedHeaders?: string[];
  body?: string;
  /** The host the request arrives with, and the one the client signed. */
  host?: string;
  signedHost?: string;
  /** The payload hash the client put in its canonical request. */
  payloadHash?: string;
  expires?: string;
}

/** Signs a request from its parts, with full control over what the credential scope says. */
function forge(f: Forge = {}): SignedRequest {
  const algorithm = f.algorithm ?? 'AWS4-HMAC-SHA256';
  const { dateHeader, terminator: realTerminator } = ALGORITHMS[algorithm];
  const timestamp = f.timestamp ?? STAMP;
  const scopeDate = f.scopeDate ?? timestamp.slice(0, 8);
  const region = f.region ?? 'eu-west-2';
  const service = f.service ?? 'api';
  const scope = `${scopeDate}/${region}/${service}/${f.terminator ?? realTerminator}`;
  const host = f.host ?? '127.0.0.1:4173';
  const body = f.body ?? '{}';
  const form = f.form ?? 'header';
  const headers: Record<string, string> = { host, 'content-type': 'application/json', ...f.headers };
  if (form === 'header') headers[dateHeader] = timestamp;
  const signed = (f.signedHeaders ?? (form === 'header' ? ['host', dateHeader] : ['host'])).slice().sort();
  let rawQuery = f.query ?? '';
  if (form === 'query') {
    const params = new URLSearchParams(rawQuery);
    params.set('X-Amz-Algorithm', algorithm);
    params.set('X-Amz-Credential', `${AK}/${scope}`);
    params.set('X-Amz-Date', timestamp);
    params.set('X-Amz-SignedHeaders', signed.join(';'));
    if (f.expires !== undefined) params.set('X-Amz-Expires', f.expires);
    rawQuery = params.toString();
  }
  const request = canonicalRequest({
    method: f.method ?? 'POST',
    path: f.path ?? '/api/v1/ReadSnapshots',
    query: canonicalQuery(rawQuery),
    headers: signed.map((name) => [name, name === 'host' ? (f.signedHost ?? host) : (headers[name] ?? '')]),
    payloadHash: f.payloadHash ?? sha256Hex(body),
  });
  const key = signingKey(algorithm, f.secret ?? SK, scopeDate, region, service);
  const signature = signatureHex(key, stringToSign(algorithm, timestamp, scope, request));
  if (form === 'header') {
    headers.authorization = `${algorithm} Credential=${AK}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  } else {
    rawQuery += `&X-Amz-Signature=${signature}`;
  }
  return { method: f.method ?? 'POST', path: f.path ?? '/api/v1/ReadSnapshots', rawQuery, headers, body: Buffer.from(body) };
}

const verify = (req: SignedRequest, now = NOW) => verifySignature(req, secretFor, now);

describe('the forged requests verify when nothing is wrong', () => {
  it.each([
    ['AWS4 in the header', {}],
    ['OSC4 in the header', { algorithm: 'OSC4-HMAC-SHA256' as const }],
    ['AWS4 in the query', { form: 'query' as const, method: 'GET', path: '/', service: 'ec2' }],
    ['a signed body header', { signedHeaders: ['content-type', 'host', 'x-amz-date'] }],
  ])('%s', (_name, f) => {
    expect(verify(forge(f))).toMatchObject({ ok: true, accessKey: AK });
  });
});

describe('credential scope', () => {
  it('refuses a scope date other than the request date, in the header and in the query', () => {
    for (const f of [
      { scopeDate: '20261123' },
      { scopeDate: '20261125' },
      { scopeDate: '2026-11-24' },
      { timestamp: '20261124T000010Z', scopeDate: '20261123' },
      { form: 'query' as const, scopeDate: '20261123', method: 'GET', path: '/', service: 'ec2' },
    ]) {
      const now = f.timestamp ? new Date('2026-11-24T00:00:10Z') : NOW;
      const result = verify(forge(f), now);
      expect(result, JSON.stringify(f)).toMatchObject({ ok: false, reason: 'malformed', accessKey: AK });
      expect(result.ok === false && result.details).toMatch(/scope date does not match/);
    }
  });

  it('refuses a scope that does not end with aws4_request (AWS4) or osc4_request (OSC4)', () => {
    for (const [algorithm, terminator, expected] of [
      ['AWS4-HMAC-SHA256', 'osc4_request', 'aws4_request'],
      ['AWS4-HMAC-SHA256', 'aws4_requestx', 'aws4_request'],
      ['AWS4-HMAC-SHA256', 'AWS4_REQUEST', 'aws4_request'],
      ['AWS4-HMAC-SHA256', 'request', 'aws4_request'],
      ['OSC4-HMAC-SHA256', 'aws4_request', 'osc4_request'],
    ] as const) {
      const result = verify(forge({ algorithm, terminator }));
      expect(result, `${algorithm} ${terminator}`).toMatchObject({ ok: false, reason: 'malformed', accessKey: AK });
      expect(result.ok === false && result.details).toContain(`must end with ${expected}`);
    }
  });

  it('refuses a Credential without exactly five parts or without an access key', () => {
    const good = forge();
    const auth = good.headers.authorization as string;
    for (const credential of [
      `${AK}/20261124/eu-west-2/api`,
      `${AK}/20261124/eu-west-2/api/aws4_request/extra`,
      `/20261124/eu-west-2/api/aws4_request`,
      '',
    ]) {
      const headers = { ...good.headers, authorization: auth.replace(/Credential=[^,]*/, `Credential=${credential}`) };
      expect(verify({ ...good, headers }), credential).toMatchObject({ ok: false, reason: 'malformed', accessKey: undefined });
    }
  });
});

describe('where the signature is', () => {
  it('refuses a signature in both the Authorization header and the query string, even when the header one is valid', () => {
    const both = forge({ query: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' });
    const result = verify(both);
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    expect(result.ok === false && result.details).toMatch(/not both/);
    // the same request without the query parameter verifies
    expect(verify(forge({ query: 'X-Amz-Other=AWS4-HMAC-SHA256' }))).toMatchObject({ ok: true });
  });

  it('refuses a presigned URL that also carries an Authorization header', () => {
    const presigned = forge({ form: 'query', method: 'GET', path: '/', service: 'ec2' });
    expect(verify(presigned)).toMatchObject({ ok: true });
    const result = verify({ ...presigned, headers: { ...presigned.headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' } });
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    expect(result.ok === false && result.details).toMatch(/not both/);
  });

  it('reports an unsigned request as missing, and an unknown algorithm as malformed', () => {
    const plain: SignedRequest = { method: 'POST', path: '/api/v1/ReadSnapshots', rawQuery: '', headers: { host: 'h' }, body: Buffer.from('{}') };
    expect(verify(plain)).toMatchObject({ ok: false, reason: 'missing' });
    const presigned = forge({ form: 'query', method: 'GET', path: '/', service: 'ec2' });
    const other = { ...presigned, rawQuery: presigned.rawQuery.replace('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-SHA512') };
    expect(verify(other)).toMatchObject({ ok: false, reason: 'malformed', details: 'Unsupported signature algorithm.' });
  });

  it('leaves a query parameter named X-Amz-Signature in the signed query of a header signature', () => {
    const req = forge({ query: 'X-Amz-Signature=abc&a=1' });
    expect(verify(req)).toMatchObject({ ok: true });
  });
});

describe('reading the Authorization header', () => {
  it('reads it with spaces around the fields and names in any case', () => {
    const good = forge();
    const auth = good.headers.authorization as string;
    const variants = [
      `  ${auth}  `,
      auth.replace(/, /g, ' ,  '),
      auth.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=Host;X-Amz-Date'),
      auth.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=host;;x-amz-date;'),
      auth.replace(/Signature=([0-9a-f]{64})/, (_m, hex: string) => `Signature=${hex.toUpperCase()}`),
    ];
    for (const authorization of variants) {
      expect(verify({ ...good, headers: { ...good.headers, authorization } }), authorization).toMatchObject({ ok: true });
    }
  });

  it('needs the Credential, SignedHeaders and Signature fields by name', () => {
    const good = forge();
    const auth = good.headers.authorization as string;
    for (const authorization of [auth.replace('Credential=', 'Cred='), auth.replace('SignedHeaders=', 'Signed='), auth.replace('Signature=', 'Sig='), auth.replace(/, SignedHeaders=[^,]*/, '')]) {
      expect(verify({ ...good, headers: { ...good.headers, authorization } }), authorization).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });
});

describe('signature and date fields', () => {
  it('refuses a Signature that is not 64 hexadecimal digits', () => {
    const good = forge();
    const auth = good.headers.authorization as string;
    const real = /Signature=([0-9a-f]{64})/.exec(auth)![1]!;
    for (const signature of [real.slice(1), `${real}0`, `${real.slice(0, 63)}g`, `x${real}`, '']) {
      const headers = { ...good.headers, authorization: auth.replace(real, signature) };
      expect(verify({ ...good, headers }), signature).toMatchObject({ ok: false, reason: 'malformed', accessKey: AK });
    }
  });

  it('names the missing date header of each algorithm', () => {
    for (const algorithm of ['AWS4-HMAC-SHA256', 'OSC4-HMAC-SHA256'] as const) {
      const good = forge({ algorithm });
      const dateHeader = ALGORITHMS[algorithm].dateHeader;
      const { [dateHeader]: _gone, ...headers } = good.headers;
      const result = verify({ ...good, headers });
      expect(result).toMatchObject({ ok: false, reason: 'malformed', accessKey: AK });
      expect(result.ok === false && result.details).toContain(`The ${dateHeader} header is missing`);
    }
  });

  it('refuses a request date that is not YYYYMMDDTHHMMSSZ', () => {
    for (const timestamp of ['2026-11-24T12:00:00Z', '20261124T120000', '20261124 120000Z', 'x20261124T120000Z', '20261124T120000Zx']) {
      const result = verify(forge({ timestamp, scopeDate: '20261124' }));
      expect(result, timestamp).toMatchObject({ ok: false, reason: 'malformed' });
      expect(result.ok === false && result.details, timestamp).toMatch(/YYYYMMDDTHHMMSSZ/);
    }
  });

  it('accepts a request date up to 5 minutes away either way, to the millisecond, and no further', () => {
    const req = forge();
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    expect(verify(req, at(300_000))).toMatchObject({ ok: true });
    expect(verify(req, at(-300_000))).toMatchObject({ ok: true });
    expect(verify(req, at(300_001))).toMatchObject({ ok: false, reason: 'stale-date' });
    expect(verify(req, at(-300_001))).toMatchObject({ ok: false, reason: 'stale-date' });
  });
});

describe('what each refusal says', () => {
  const details = (req: SignedRequest, now = NOW) => {
    const result = verify(req, now);
    expect(result.ok).toBe(false);
    return result.ok ? '' : result.details;
  };

  it('explains each refusal in its own words', () => {
    const good = forge();
    const auth = good.headers.authorization as string;
    const withAuth = (authorization: string) => ({ ...good, headers: { ...good.headers, authorization } });
    expect(details(withAuth('Basic dXNlcjpwYXNz'))).toMatch(/not an AWS4-HMAC-SHA256 or OSC4-HMAC-SHA256 signature/);
    expect(details({ ...good, headers: { host: 'h' } })).toMatch(/not signed/);
    expect(details(withAuth(auth.replace(/Credential=[^,]*/, 'Credential=AK/x')))).toMatch(/Credential must be AK\/date\/region\/service\/request/);
    expect(details(withAuth(auth.replace(/Signature=[0-9a-f]+/, 'Signature=00')))).toMatch(/SignedHeaders or a valid Signature/);
    expect(details(forge(), new Date(NOW.getTime() - 300_001))).toMatch(/more than 5 minutes ahead/);
    expect(details(forge(), new Date(NOW.getTime() + 300_001))).toMatch(/more than 5 minutes away/);
    expect(verifySignature(forge(), () => undefined, NOW)).toMatchObject({ details: 'The access key is unknown.' });
    expect(details(forge({ secret: 'wrong' }))).toMatch(/does not match/);
    const target = forge({ headers: { 'x-osc-target': 'A' }, signedHeaders: ['host', 'x-amz-date', 'x-osc-target'] });
    const { 'x-osc-target': _gone, ...without } = target.headers;
    expect(verify({ ...target, headers: without })).toMatchObject({ reason: 'bad-signature', details: "The signed header 'x-osc-target' is absent from the request." });
  });

  it('tells an expired presigned URL from a stale signed request', () => {
    const presigned = forge({ form: 'query', method: 'GET', path: '/', service: 'ec2', expires: '60' });
    expect(verify(presigned, new Date(NOW.getTime() + 60_000))).toMatchObject({ ok: true });
    expect(details(presigned, new Date(NOW.getTime() + 61_000))).toMatch(/presigned URL expired/);
    const noExpiry = forge({ form: 'query', method: 'GET', path: '/', service: 'ec2' });
    expect(details(noExpiry, new Date(NOW.getTime() + 301_000))).toMatch(/more than 5 minutes away/);
  });

  it('accepts X-Amz-Expires from 1 second', () => {
    const oneSecond = forge({ form: 'query', method: 'GET', path: '/', service: 'ec2', expires: '1' });
    expect(verify(oneSecond, new Date(NOW.getTime() + 1000))).toMatchObject({ ok: true });
    expect(verify(oneSecond, new Date(NOW.getTime() + 1001))).toMatchObject({ ok: false, reason: 'stale-date' });
  });
});

describe('a signature that does not cover host', () => {
  it('verifies what it covers, with or without a Host header', () => {
    const req = forge({ signedHeaders: ['x-amz-date'] });
    expect(verify(req)).toMatchObject({ ok: true });
    const { host: _host, ...noHost } = req.headers;
    expect(verify({ ...req, headers: noHost })).toMatchObject({ ok: true });
    expect(verify({ ...req, headers: { ...req.headers, host: 'anything.example' } })).toMatchObject({ ok: true });
  });
});

describe('what is signed', () => {
  it('refuses a wrong secret, and tells it from an unknown key', () => {
    expect(verify(forge({ secret: `${SK}x` }))).toMatchObject({ ok: false, reason: 'bad-signature', accessKey: AK });
    expect(verifySignature(forge(), () => undefined, NOW)).toMatchObject({ ok: false, reason: 'unknown-key', accessKey: AK });
  });

  it('refuses a request whose method, path or query differs from what was signed', () => {
    const req = forge({ query: 'a=1' });
    expect(verify({ ...req, method: 'PUT' })).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verify({ ...req, path: '/api/v1/DeleteSnapshot' })).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verify({ ...req, rawQuery: 'a=2' })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('accepts the host signed with or without the default port, and refuses another host or port', () => {
    expect(verify(forge({ host: '127.0.0.1:4173', signedHost: '127.0.0.1' }))).toMatchObject({ ok: true });
    expect(verify(forge({ host: 'api.example', signedHost: 'api.example:443' }))).toMatchObject({ ok: true });
    expect(verify(forge({ host: 'api.example:8443', signedHost: 'api.example:80' }))).toMatchObject({ ok: true });
    expect(verify(forge({ host: '127.0.0.1:4173', signedHost: '127.0.0.1:8080' }))).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verify(forge({ host: '127.0.0.1:4173', signedHost: 'evil.example:4173' }))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('always covers the body: a content hash header must be the body\'s, and UNSIGNED-PAYLOAD is refused', () => {
    expect(verify(forge({ body: '{"a":1}' }))).toMatchObject({ ok: true });
    expect(verify({ ...forge({ body: '{"a":1}' }), body: Buffer.from('{"a":2}') })).toMatchObject({ ok: false, reason: 'bad-signature' });
    // a signed content hash that is the body's verifies
    const withHash = { 'x-amz-content-sha256': sha256Hex('{"SnapshotId":"snap-00000001"}') };
    const signedHash = ['host', 'x-amz-date', 'x-amz-content-sha256'];
    const captured = forge({ body: '{"SnapshotId":"snap-00000001"}', headers: withHash, signedHeaders: signedHash });
    expect(verify(captured)).toMatchObject({ ok: true });
    // replayed with another body: the signed header no longer matches it
    expect(verify({ ...captured, body: Buffer.from('{"SnapshotId":"snap-99999999"}') })).toMatchObject({ ok: false, reason: 'bad-signature' });
    // an unsigned header that is not the body's hash is refused too
    expect(verify(forge({ headers: { 'x-amz-content-sha256': sha256Hex('other') } }))).toMatchObject({ ok: false, reason: 'bad-signature' });
    // UNSIGNED-PAYLOAD, signed or not
    expect(verify(forge({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, payloadHash: 'UNSIGNED-PAYLOAD' }))).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(
      verify(forge({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, payloadHash: 'UNSIGNED-PAYLOAD', signedHeaders: signedHash })),
    ).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('joins a repeated header as the client signed it', () => {
    const req = forge({ headers: { 'x-osc-target': 'a,b' }, signedHeaders: ['host', 'x-amz-date', 'x-osc-target'] });
    expect(verify({ ...req, headers: { ...req.headers, 'x-osc-target': ['a', 'b'] } })).toMatchObject({ ok: true });
    expect(verify({ ...req, headers: { ...req.headers, 'x-osc-target': ['b', 'a'] } })).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});

describe('authenticate and the lockout', () => {
  const accountFor = (ak: string) => (ak === AK ? { secretKey: SK, accountId: '339215505907' } : undefined);
  const from = (req: SignedRequest, clientAddress: string) => ({ ...req, clientAddress });

  it('locks a source for exactly 60 s after four wrong signatures', () => {
    const lockout = new AuthLockout();
    const wrong = from(forge({ secret: 'guess' }), '192.0.2.1');
    for (let i = 0; i < 4; i++) expect(authenticate(wrong, accountFor, lockout, NOW)).toMatchObject({ ok: false, locked: false });
    const good = from(forge(), '192.0.2.1');
    expect(authenticate(good, accountFor, lockout, NOW)).toEqual({ ok: false, locked: true, secondsLeft: 60 });
    expect(authenticate(good, accountFor, lockout, new Date(NOW.getTime() + 59_999))).toEqual({ ok: false, locked: true, secondsLeft: 1 });
    expect(authenticate(good, accountFor, lockout, new Date(NOW.getTime() + 60_000))).toEqual({ ok: true, accessKey: AK, accountId: '339215505907' });
  });

  it('counts neither stale nor malformed requests with a known key', () => {
    const lockout = new AuthLockout();
    const later = new Date(NOW.getTime() + 10 * 60_000);
    const stale = from(forge(), '192.0.2.2');
    const malformed = from(forge({ terminator: 'bad_request' }), '192.0.2.2');
    for (let i = 0; i < 8; i++) {
      expect(authenticate(stale, accountFor, lockout, later)).toMatchObject({ ok: false, locked: false, failure: { reason: 'stale-date' } });
      expect(authenticate(malformed, accountFor, lockout, NOW)).toMatchObject({ ok: false, locked: false, failure: { reason: 'malformed' } });
    }
    expect(lockout.size).toBe(0);
    expect(authenticate(from(forge(), '192.0.2.2'), accountFor, lockout, NOW)).toMatchObject({ ok: true });
  });

  it('answers locked for a minute when the table is full of live locks (fail closed)', () => {
    const lockout = new AuthLockout(1);
    const wrong = forge({ secret: 'guess' });
    for (let i = 0; i < 4; i++) authenticate(from(wrong, '192.0.2.3'), accountFor, lockout, NOW);
    expect(authenticate(from(wrong, '192.0.2.4'), accountFor, lockout, NOW)).toEqual({ ok: false, locked: true, secondsLeft: 60 });
    // once the lock expires, its place can be taken
    expect(authenticate(from(wrong, '192.0.2.4'), accountFor, lockout, new Date(NOW.getTime() + 60_000))).toMatchObject({ ok: false, locked: false });
  });
});
