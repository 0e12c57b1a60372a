import { describe, expect, it } from 'vitest';
import { createOscClient } from './client';
import { OscApiError } from './errors';

const SECRET = 'SECRETKEY0123456789abcdefghijklmnopqrstu';

function fakeFetch(status: number, body: string, seen: Request[] = []): typeof fetch {
  return async (input) => {
    seen.push(input as Request);
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  };
}

const snapshot = {
  AccountId: '123456789012',
  CreationDate: '2026-11-24T12:00:00.000Z',
  PermissionsToCreateVolume: { AccountIds: [], GlobalPermission: false },
  Progress: 100,
  SnapshotId: 'snap-0123abcd',
  State: 'completed',
  Tags: [],
  VolumeSize: 10,
};

function client(fetchImpl: typeof fetch) {
  return createOscClient({
    endpoint: 'https://api.eu-west-2.outscale.com/',
    region: 'eu-west-2',
    accessKey: 'AKIDEXAMPLE000000000',
    secretKey: SECRET,
    fetch: fetchImpl,
  });
}

async function caught(promise: Promise<unknown>): Promise<OscApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OscApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('createOscClient', () => {
  it('posts signed JSON to {endpoint}/api/v1/{Action} with service api', async () => {
    const seen: Request[] = [];
    const c = client(fakeFetch(200, JSON.stringify({ Snapshots: [], ResponseContext: { RequestId: 'r' } }), seen));
    await c.call('ReadSnapshots', { Filters: { States: ['completed'] } });
    const request = seen[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.eu-west-2.outscale.com/api/v1/ReadSnapshots');
    expect(request.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE000000000\/\d{8}\/eu-west-2\/api\/aws4_request, SignedHeaders=[a-z;-]*host[a-z;-]*x-amz-date/,
    );
    expect(await request.text()).toBe('{"Filters":{"States":["completed"]}}');
  });

  it('keeps unknown fields and unknown future states', async () => {
    const body = {
      Snapshots: [{ ...snapshot, State: 'archiving', FutureField: 1 }],
      ResponseContext: { RequestId: 'r' },
    };
    const answer = await client(fakeFetch(200, JSON.stringify(body))).call('ReadSnapshots');
    expect(answer.Snapshots[0]?.State).toBe('archiving');
    expect(answer.Snapshots[0]).toHaveProperty('FutureField', 1);
  });

  it('throws OscApiError with status, Code, Type, Details and RequestId on an error envelope', async () => {
    const body = {
      Errors: [{ Code: '5054', Type: 'InvalidResource', Details: "The SnapshotId 'snap-00000000' doesn't exist." }],
      ResponseContext: { RequestId: '0475ca1e-d0c5-441d-712a-da55a4175157' },
    };
    const error = await caught(client(fakeFetch(400, JSON.stringify(body))).call('DeleteSnapshot', { SnapshotId: 'snap-00000000' }));
    expect(error).toMatchObject({
      kind: 'api',
      status: 400,
      code: '5054',
      type: 'InvalidResource',
      requestId: '0475ca1e-d0c5-441d-712a-da55a4175157',
    });
    expect(error.details).toContain("doesn't exist");
  });

  it('throws on a 2xx answer that breaks the schema (a promised field is missing)', async () => {
    const broken = { Snapshots: [{ ...snapshot, SnapshotId: undefined }], ResponseContext: { RequestId: 'r' } };
    const error = await caught(client(fakeFetch(200, JSON.stringify(broken))).call('ReadSnapshots'));
    expect(error.kind).toBe('invalid-response');
    expect(error.details).toContain('SnapshotId');
  });

  it('throws on a non-JSON answer and on no answer, never leaking the secret key', async () => {
    const html = await caught(client(fakeFetch(502, '<html>Bad gateway</html>')).call('ReadAccounts'));
    expect(html).toMatchObject({ kind: 'invalid-response', status: 502 });
    const offline = await caught(
      client(async () => {
        throw new TypeError('Failed to fetch');
      }).call('ReadAccounts'),
    );
    expect(offline).toMatchObject({ kind: 'network', status: 0 });
    for (const error of [html, offline]) {
      expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(SECRET);
    }
  });
});
