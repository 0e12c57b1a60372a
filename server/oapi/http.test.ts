import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsClient } from 'aws4fetch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../osc/clock';
import type { ActionHandlers } from '../osc/context';
import { oscErrors } from '../osc/errors';
import { createOscHttp } from './http';

const ACCESS_KEY = 'HTTPTESTAK0000000001';
const SECRET_KEY = 'httptestsecret0000000000000000000000000001';
const ACCOUNT_ID = '111122223333';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are inspected field by field
type Envelope = Record<string, any>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const clock = new ManualClock(new Date());
const seen: { action: string; input: unknown; accountId: string | null }[] = [];
const record =
  (action: string, answer: object = {}) =>
  (input: unknown, ctx: { accountId: string | null }) => {
    seen.push({ action, input, accountId: ctx.accountId });
    return answer;
  };

const handlers = {
  ReadSnapshots: record('ReadSnapshots', { Snapshots: [] }),
  CreateSnapshot: record('CreateSnapshot'),
  DeleteSnapshot: () => {
    throw oscErrors.snapshotNotFound("The SnapshotId 'snap-00000000' doesn't exist.");
  },
  UpdateSnapshot: () => {
    throw new Error('boom: an unexpected bug');
  },
  CreateTags: record('CreateTags'),
  DeleteTags: record('DeleteTags'),
  ReadVolumes: record('ReadVolumes', { Volumes: [] }),
  ReadAccounts: record('ReadAccounts', { Accounts: [{ AccountId: ACCOUNT_ID }] }),
  ReadRegions: record('ReadRegions', { Regions: [] }),
  ReadSubregions: record('ReadSubregions', { Subregions: [] }),
} as unknown as ActionHandlers;

let server: Server;
let base = '';

beforeAll(async () => {
  const handle = createOscHttp({
    handlers,
    clock,
    bodyLimitBytes: 4096,
    secretFor: (ak) => (ak === ACCESS_KEY ? { secretKey: SECRET_KEY, accountId: ACCOUNT_ID } : undefined),
  });
  server = createServer((req, res) => void handle(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  clock.set(new Date());
});

async function signedPost(path: string, body: string, secretKey = SECRET_KEY, accessKey = ACCESS_KEY) {
  const signer = new AwsClient({ accessKeyId: accessKey, secretAccessKey: secretKey, service: 'api', region: 'eu-west-2' });
  const request = await signer.sign(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const response = await fetch(request);
  return { status: response.status, json: (await response.json()) as Envelope, headers: response.headers };
}

function expectError(answer: { status: number; json: Envelope }, status: number, code: string, type: string) {
  expect(answer.status).toBe(status);
  expect(answer.json.Errors).toHaveLength(1);
  expect(answer.json.Errors[0]).toMatchObject({ Code: code, Type: type });
  expect(typeof answer.json.Errors[0].Details).toBe('string');
  expect(answer.json.ResponseContext.RequestId).toMatch(UUID);
  expect(JSON.stringify(answer.json)).not.toMatch(/at .*\.ts:\d+/);
}

describe('OUTSCALE API routing and envelopes', () => {
  it('answers a signed call on /api/v1 and /api/latest with a RequestId, treating an empty body as {}', async () => {
    for (const prefix of ['/api/v1/', '/api/latest/']) {
      const answer = await signedPost(`${prefix}ReadSnapshots`, '');
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ Snapshots: [] });
      expect(answer.json.ResponseContext.RequestId).toMatch(UUID);
    }
    expect(seen).toEqual([
      { action: 'ReadSnapshots', input: {}, accountId: ACCOUNT_ID },
      { action: 'ReadSnapshots', input: {}, accountId: ACCOUNT_ID },
    ]);
  });

  it('answers CORS preflights without auth and puts CORS headers on errors', async () => {
    const preflight = await fetch(`${base}/api/v1/ReadSnapshots`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-amz-date',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-date');
    const error = await fetch(`${base}/api/v1/ReadSnapshots`, { method: 'POST', headers: { origin: 'http://a.test' } });
    expect(error.headers.get('access-control-allow-origin')).toBe('http://a.test');
  });

  it('lets ReadRegions through without a signature but not the other calls', async () => {
    const regions = await fetch(`${base}/api/v1/ReadRegions`, { method: 'POST' });
    expect(regions.status).toBe(200);
    const unsigned = await fetch(`${base}/api/v1/ReadSnapshots`, { method: 'POST', body: '{}' });
    expectError({ status: unsigned.status, json: await unsigned.json() }, 401, '1', 'AccessDenied');
  });

  it.each([
    ['an unknown action', '/api/v1/ReadPizzas', '{}', 404, '4002', 'InvalidAction'],
    ['malformed JSON', '/api/v1/ReadSnapshots', '{"Filters":', 400, '4000', 'InvalidParameterValue'],
    ['a non-object body', '/api/v1/ReadSnapshots', '[1,2]', 400, '4108', 'InvalidParameterValue'],
    ['an unknown parameter', '/api/v1/ReadSnapshots', '{"Filter":{}}', 400, '3001', 'InvalidParameter'],
    ['an unknown nested parameter', '/api/v1/ReadSnapshots', '{"Filters":{"Nope":[]}}', 400, '3001', 'InvalidParameter'],
    ['a wrong type', '/api/v1/ReadSnapshots', '{"Filters":"a"}', 400, '4108', 'InvalidParameterValue'],
    ['a wrong item type', '/api/v1/ReadSnapshots', '{"Filters":{"SnapshotIds":[1]}}', 400, '4108', 'InvalidParameterValue'],
    ['a missing required parameter', '/api/v1/DeleteSnapshot', '{}', 400, '7000', 'MissingParameter'],
    ['an out-of-range value', '/api/v1/ReadSnapshots', '{"ResultsPerPage":1001}', 400, '4047', 'InvalidParameterValue'],
    ['a body over the limit', '/api/v1/ReadSnapshots', JSON.stringify({ Filters: { SnapshotIds: Array(1000).fill('snap-00000000') } }), 413, '4001', 'InvalidParameterValue'],
  ])('answers %s with a clear 4xx in the envelope', async (_name, path, body, status, code, type) => {
    expectError(await signedPost(path, body), status, code, type);
    expect(seen).toEqual([]);
  });

  it('names the offending parameter in Details', async () => {
    const unknown = await signedPost('/api/v1/ReadSnapshots', '{"Filters":{"Nope":[]}}');
    expect(unknown.json.Errors[0].Details).toContain('Filters.Nope');
    const missing = await signedPost('/api/v1/DeleteSnapshot', '{}');
    expect(missing.json.Errors[0].Details).toContain('SnapshotId');
  });

  it('passes handler errors through and hides unexpected failures behind a 500 without a stack', async () => {
    expectError(await signedPost('/api/v1/DeleteSnapshot', '{"SnapshotId":"snap-00000000"}'), 400, '5054', 'InvalidResource');
    const crash = await signedPost(
      '/api/v1/UpdateSnapshot',
      '{"SnapshotId":"snap-00000000","PermissionsToCreateVolume":{"Additions":{"GlobalPermission":true}}}',
    );
    expectError(crash, 500, '0', 'DefaultError');
    expect(JSON.stringify(crash.json)).not.toContain('boom');
  });

  it('refuses GET with 405', async () => {
    const answer = await fetch(`${base}/api/v1/ReadSnapshots`);
    expectError({ status: answer.status, json: await answer.json() }, 405, '2', 'AccessDenied');
  });
});

describe('signature checks and brute-force lockout', () => {
  it('rejects a wrong secret and an unknown key with code 1 and never echoes the secret', async () => {
    const wrong = await signedPost('/api/v1/ReadAccounts', '{}', 'not-the-secret-key-0000000000000000000000');
    expectError(wrong, 401, '1', 'AccessDenied');
    expect(JSON.stringify(wrong.json)).not.toContain(SECRET_KEY);
    expectError(await signedPost('/api/v1/ReadAccounts', '{}', SECRET_KEY, 'UNKNOWNAK00000000000'), 401, '1', 'AccessDenied');
    // a success resets the count of consecutive failures
    expect((await signedPost('/api/v1/ReadAccounts', '{}')).status).toBe(200);
  });

  it('locks the key with code 13 after four failures, even for a good signature, then lets it back in', async () => {
    const key = ACCESS_KEY;
    // Signatures carry real time; the sandbox clock runs two minutes behind it (inside the 5-minute window)
    // so that catching it up later lets the 60 s lock expire.
    clock.set(new Date(Date.now() - 120_000));
    for (let i = 0; i < 4; i++) {
      const bad = await signedPost('/api/v1/ReadAccounts', '{}', 'bad-secret-000000000000000000000000000000', key);
      expectError(bad, 401, '1', 'AccessDenied');
    }
    const locked = await signedPost('/api/v1/ReadAccounts', '{}');
    expectError(locked, 401, '13', 'AccessDenied');
    expect(locked.json.Errors[0].Details).toMatch(/locked/);
    clock.set(new Date());
    const back = await signedPost('/api/v1/ReadAccounts', '{}');
    expect(back.status).toBe(200);
  });
});

describe('validation messages', () => {
  it('says which limit a value broke', async () => {
    const big = await signedPost('/api/v1/ReadSnapshots', '{"ResultsPerPage":1001}');
    expect(big.json.Errors[0].Details).toBe("The parameter 'ResultsPerPage' must be at most 1000.");
    const long = await signedPost('/api/v1/CreateSnapshot', JSON.stringify({ VolumeId: 'vol-12345678', Description: 'x'.repeat(256) }));
    expect(long.json.Errors[0].Details).toBe("The parameter 'Description' must be at most 255 characters.");
    const date = await signedPost('/api/v1/ReadSnapshots', '{"Filters":{"FromCreationDate":"yesterday"}}');
    expect(date.status).toBe(400);
    expect(date.json.Errors[0].Details).toContain('FromCreationDate');
  });
});
