/** OscApiError carries the server's Retry-After (429, 503), read by the client from the answer's header. */
import { describe, expect, it } from 'vitest';
import { createOscClient } from './client';
import { OscApiError, parseRetryAfter } from './errors';

const throttled = JSON.stringify({
  Errors: [{ Code: '25', Type: 'AccessDenied', Details: 'Too many snapshots: retry in 42 s.' }],
  ResponseContext: { RequestId: 'req-1' },
});

function clientAnswering(status: number, body: string, headers: Record<string, string>) {
  return createOscClient({
    endpoint: 'https://api.eu-west-2.outscale.com',
    region: 'eu-west-2',
    accessKey: 'AKIDEXAMPLE000000000',
    secretKey: 'SECRETKEY0123456789abcdefghijklmnopqrstu',
    fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } }),
  });
}

async function failure(promise: Promise<unknown>): Promise<OscApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OscApiError)) throw new Error(`expected an OscApiError, got ${String(error)}`);
  return error;
}

describe('Retry-After', () => {
  it('is read from a 429 answer in seconds', async () => {
    const error = await failure(clientAnswering(429, throttled, { 'retry-after': '42' }).call('CreateSnapshot', { SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2' }));
    expect(error.status).toBe(429);
    expect(error.code).toBe('25');
    expect(error.retryAfterSeconds).toBe(42);
  });

  it('is read from a 503 whose body is not OUTSCALE JSON', async () => {
    const error = await failure(clientAnswering(503, 'busy', { 'retry-after': '7' }).call('ReadSnapshots', {}));
    expect(error.kind).toBe('invalid-response');
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('is undefined when the answer has none', async () => {
    const error = await failure(clientAnswering(429, throttled, {}).call('ReadSnapshots', {}));
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('parses seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});
