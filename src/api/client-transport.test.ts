/**
 * The client's transport rules: where a call goes, what is signed, and how each kind of failure comes back.
 */
import { describe, expect, it } from 'vitest';
import { apiUrl, createOscClient, type OscClientOptions } from './client';
import { callKey } from './early-answers';
import { OscApiError } from './errors';

const ACCOUNTS = JSON.stringify({ Accounts: [], ResponseContext: { RequestId: 'req-1' } });

function recorder(answer: () => Response | Promise<Response>) {
  const seen: { request: Request; signal?: AbortSignal | null }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ request: input as Request, signal: init?.signal });
    return answer();
  }) as typeof fetch;
  return { seen, fetchImpl };
}

const options = (extra: Partial<OscClientOptions>): OscClientOptions => ({
  endpoint: 'https://api.eu-west-2.outscale.com',
  region: 'eu-west-2',
  accessKey: 'AKIDEXAMPLE000000000',
  secretKey: 'SECRETKEY0123456789abcdefghijklmnopqrstu',
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('apiUrl', () => {
  it('joins the endpoint and the action whatever trailing slashes the endpoint has', () => {
    expect(apiUrl('https://api.test', 'ReadSnapshots')).toBe('https://api.test/api/v1/ReadSnapshots');
    expect(apiUrl('https://api.test///', 'ReadSnapshots')).toBe('https://api.test/api/v1/ReadSnapshots');
    expect(apiUrl('http://127.0.0.1:4173/base/', 'ReadVolumes')).toBe('http://127.0.0.1:4173/base/api/v1/ReadVolumes');
  });
});

describe('createOscClient', () => {
  it('names the connection by its access key, or by its endpoint when the server signs', () => {
    expect(createOscClient(options({})).identity).toBe('AKIDEXAMPLE000000000');
    const unsigned = createOscClient(options({ accessKey: undefined, secretKey: undefined }));
    expect(unsigned.identity).toBe('https://api.eu-west-2.outscale.com');
    expect(unsigned.endpoint).toBe('https://api.eu-west-2.outscale.com');
    expect(unsigned.region).toBe('eu-west-2');
  });

  it('sends an unsigned JSON call when it has no keys, with an empty object for no request', async () => {
    const { seen, fetchImpl } = recorder(() => new Response(ACCOUNTS, { status: 200 }));
    await createOscClient(options({ accessKey: undefined, secretKey: undefined, fetch: fetchImpl })).call('ReadAccounts');
    const { request } = seen[0]!;
    expect(request.headers.get('authorization')).toBeNull();
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.method).toBe('POST');
    expect(await request.text()).toBe('{}');
  });

  it('does not sign with only one of the two keys', async () => {
    const { seen, fetchImpl } = recorder(() => new Response(ACCOUNTS, { status: 200 }));
    await createOscClient(options({ secretKey: undefined, fetch: fetchImpl })).call('ReadAccounts');
    await createOscClient(options({ accessKey: undefined, fetch: fetchImpl })).call('ReadAccounts');
    expect(seen.map(({ request }) => request.headers.get('authorization'))).toEqual([null, null]);
  });

  it('signs for the endpoint but sends through the pass-through when one is given', async () => {
    const { seen, fetchImpl } = recorder(() => new Response(ACCOUNTS, { status: 200 }));
    await createOscClient(options({ via: 'http://127.0.0.1:4173/cloud/', fetch: fetchImpl })).call('ReadAccounts', {});
    const { request } = seen[0]!;
    expect(request.url).toBe('http://127.0.0.1:4173/cloud/api/v1/ReadAccounts');
    expect(request.headers.get('authorization')).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE000000000\/\d{8}\/eu-west-2\/api\/aws4_request/);
    expect(request.headers.get('x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(await request.text()).toBe('{}');
  });

  it('gives every call a time limit, combined with the caller\'s signal', async () => {
    const { seen, fetchImpl } = recorder(() => new Response(ACCOUNTS, { status: 200 }));
    const c = createOscClient(options({ fetch: fetchImpl }));
    await c.call('ReadAccounts');
    const controller = new AbortController();
    await c.call('ReadAccounts', {}, { signal: controller.signal });
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(seen[0]!.signal!.aborted).toBe(false);
    controller.abort();
    expect(seen[1]!.signal!.aborted).toBe(true);
  });

  it('reports no answer within the time limit as a network error that says so', async () => {
    const fetchImpl = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      })) as typeof fetch;
    const error = await failure(createOscClient(options({ fetch: fetchImpl, timeoutMs: 20 })).call('ReadAccounts'));
    expect(error).toBeInstanceOf(OscApiError);
    expect(error).toMatchObject({ kind: 'network', status: 0, action: 'ReadAccounts', type: 'NetworkError' });
    expect((error as OscApiError).details).toBe('No answer from https://api.eu-west-2.outscale.com within 0 s.');
  });

  it('passes the caller\'s own abort through untouched', async () => {
    const controller = new AbortController();
    const fetchImpl = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const stop = () => reject(new DOMException('stopped', 'AbortError'));
        if (init?.signal?.aborted) stop();
        init?.signal?.addEventListener('abort', stop);
      })) as typeof fetch;
    const pending = createOscClient(options({ fetch: fetchImpl })).call('ReadAccounts', {}, { signal: controller.signal });
    controller.abort();
    const error = await failure(pending);
    expect(error).not.toBeInstanceOf(OscApiError);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('names the cause of a network failure', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const error = (await failure(createOscClient(options({ fetch: fetchImpl })).call('ReadAccounts'))) as OscApiError;
    expect(error.details).toBe('No answer from https://api.eu-west-2.outscale.com: Failed to fetch');
    const odd = (await failure(
      createOscClient(
        options({
          fetch: (async () => {
            throw 'socket closed';
          }) as typeof fetch,
        }),
      ).call('ReadAccounts'),
    )) as OscApiError;
    expect(odd.details).toBe('No answer from https://api.eu-west-2.outscale.com: socket closed');
  });

  it('takes the RequestId from the x-request-id header when the body has none', async () => {
    const { fetchImpl } = recorder(() => new Response('not json', { status: 200, headers: { 'x-request-id': 'hdr-1' } }));
    const notJson = (await failure(createOscClient(options({ fetch: fetchImpl })).call('ReadAccounts'))) as OscApiError;
    expect(notJson).toMatchObject({ kind: 'invalid-response', status: 200, requestId: 'hdr-1' });
    const { fetchImpl: schemaBreak } = recorder(() => new Response('{"Accounts":"no"}', { status: 200, headers: { 'x-request-id': 'hdr-2' } }));
    const broken = (await failure(createOscClient(options({ fetch: schemaBreak })).call('ReadAccounts'))) as OscApiError;
    expect(broken).toMatchObject({ kind: 'invalid-response', status: 200, requestId: 'hdr-2', type: 'InvalidResponse', action: 'ReadAccounts' });
    const { fetchImpl: noHeader } = recorder(() => new Response('{"Accounts":"no"}', { status: 200 }));
    expect(((await failure(createOscClient(options({ fetch: noHeader })).call('ReadAccounts'))) as OscApiError).requestId).toBeUndefined();
    const { fetchImpl: errorWithHeader } = recorder(() => new Response('', { status: 503, headers: { 'x-request-id': 'hdr-3' } }));
    expect(await failure(createOscClient(options({ fetch: errorWithHeader })).call('ReadAccounts'))).toMatchObject({ status: 503, requestId: 'hdr-3' });
  });

  it('returns the parsed answer of a success', async () => {
    const { fetchImpl } = recorder(() => new Response(ACCOUNTS, { status: 200 }));
    await expect(createOscClient(options({ fetch: fetchImpl })).call('ReadAccounts')).resolves.toMatchObject({ Accounts: [] });
  });

  it('takes an early answer to the very same call instead of sending it, once; any other call is sent', async () => {
    const snapshots = (id: string) => JSON.stringify({ Snapshots: [], ResponseContext: { RequestId: id } });
    const { seen, fetchImpl } = recorder(() => new Response(snapshots('sent'), { status: 200 }));
    const taken: string[] = [];
    const request = { Filters: { AccountIds: ['123456789012'] }, ResultsPerPage: 100 };
    const key = callKey(options({}), 'ReadSnapshots', JSON.stringify(request));
    const early = (asked: string) => (taken.push(asked), asked === key && taken.length === 1 ? Promise.resolve(new Response(snapshots('early'), { status: 200 })) : undefined);
    const client = createOscClient(options({ fetch: fetchImpl, early }));
    await expect(client.call('ReadSnapshots', request)).resolves.toMatchObject({ ResponseContext: { RequestId: 'early' } });
    expect(seen).toHaveLength(0);
    await expect(client.call('ReadSnapshots', request)).resolves.toMatchObject({ ResponseContext: { RequestId: 'sent' } });
    await client.call('ReadSnapshots', { ...request, ResultsPerPage: 1000 });
    expect(seen).toHaveLength(2);
    // The key names the keys' owner and the body, never the secret.
    expect(taken[0]).toContain('AKIDEXAMPLE000000000');
    expect(taken.join('')).not.toContain(options({}).secretKey);
  });

  it('gives an early answer the same time limit and failures as a call it sends', async () => {
    const never = () => new Promise<Response>(() => {});
    const late = (await failure(createOscClient(options({ timeoutMs: 20, early: never })).call('ReadAccounts'))) as OscApiError;
    expect(late).toMatchObject({ kind: 'network', type: 'NetworkError', details: 'No answer from https://api.eu-west-2.outscale.com within 0 s.' });
    const controller = new AbortController();
    const cancelled = failure(createOscClient(options({ early: never })).call('ReadAccounts', undefined, { signal: controller.signal }));
    controller.abort();
    expect(await cancelled).toMatchObject({ name: 'AbortError' });
    const lost = (await failure(createOscClient(options({ early: () => Promise.reject(new TypeError('Failed to fetch')) })).call('ReadAccounts'))) as OscApiError;
    expect(lost.details).toBe('No answer from https://api.eu-west-2.outscale.com: Failed to fetch');
    const refused = (await failure(createOscClient(options({ early: async () => new Response('{"Errors":[{"Code":"4000","Type":"InvalidParameter"}],"ResponseContext":{"RequestId":"e-1"}}', { status: 400 }) })).call('ReadAccounts'))) as OscApiError;
    expect(refused).toMatchObject({ status: 400, requestId: 'e-1' });
  });
});

